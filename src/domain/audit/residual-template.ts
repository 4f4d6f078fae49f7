import type { PartRef } from './event-pieces.js';

/**
 * Events of one conversation repeat the same residual (room, session and conversation ids, the
 * header's structure) and the same part refs, with a few values changed (the sender's part, a time).
 * So the residual is stored as a template, kept once as a part (an "envelope"), plus the event's own
 * differences: the values of the leaves (scalars, in depth-first order) and refs that differ.
 * Putting those back into the template gives the residual's exact JSON again.
 */

export interface Envelope {
  /** The residual of the event that made the template. */
  t: unknown;
  r: PartRef[];
}

/** Leaf index >= 0: [index, value]; ref index as -1 - index: [-1 - index, hash]. */
export type DiffEntry = [number, unknown];

export interface Shaped {
  /** Keys, nesting and ref paths: two residuals with one shape differ only in leaf values and ref hashes. */
  shape: string;
  leaves: unknown[];
}

export function shapeOf(residual: unknown, refs: readonly PartRef[]): Shaped {
  const leaves: unknown[] = [];
  let shape = walk(residual, leaves);
  for (const [path] of refs) shape += `|${JSON.stringify(path)}`;
  return { shape, leaves };
}

function walk(node: unknown, leaves: unknown[]): string {
  if (typeof node !== 'object' || node === null) {
    leaves.push(node);
    return '.';
  }
  if (Array.isArray(node)) {
    let out = '[';
    for (const item of node) out += `${walk(item, leaves)},`;
    return `${out}]`;
  }
  let out = '{';
  for (const key in node)
    out += `${JSON.stringify(key)}:${walk((node as Record<string, unknown>)[key], leaves)},`;
  return `${out}}`;
}

/** The differences of an event from a template of the same shape. */
export function diffFrom(
  template: { leaves: readonly unknown[]; refs: readonly PartRef[] },
  leaves: readonly unknown[],
  refs: readonly PartRef[],
): DiffEntry[] {
  const diff: DiffEntry[] = [];
  for (let i = 0; i < leaves.length; i++) {
    if (leaves[i] !== template.leaves[i]) diff.push([i, leaves[i]]);
  }
  for (let i = 0; i < refs.length; i++) {
    if (refs[i][1] !== template.refs[i][1]) diff.push([-1 - i, refs[i][1]]);
  }
  return diff;
}

/** The residual and refs of an event: its envelope with its differences put back. */
export function applyDiff(
  envelope: Envelope,
  diff: readonly DiffEntry[] | null,
): { residual: unknown; refs: PartRef[] } {
  const residual = structuredClone(envelope.t);
  const refs = envelope.r.map(([path, hash]): PartRef => [path, hash]);
  if (!diff || diff.length === 0) return { residual, refs };
  const byLeaf = new Map<number, unknown>();
  for (const [index, value] of diff) {
    if (index >= 0) byLeaf.set(index, value);
    else if (refs[-1 - index]) refs[-1 - index][1] = String(value);
  }
  let next = 0;
  const visit = (node: unknown): unknown => {
    if (typeof node !== 'object' || node === null) {
      const index = next++;
      return byLeaf.has(index) ? byLeaf.get(index) : node;
    }
    if (Array.isArray(node)) {
      for (let i = 0; i < node.length; i++) node[i] = visit(node[i]);
      return node;
    }
    const obj = node as Record<string, unknown>;
    for (const key in obj) {
      const value = visit(obj[key]);
      if (value !== obj[key])
        Object.defineProperty(obj, key, {
          value,
          enumerable: true,
          writable: true,
          configurable: true,
        });
    }
    return obj;
  };
  return { residual: visit(residual), refs };
}
