import { createHash } from 'node:crypto';
import { setOwn } from '../domain/audit/event-pieces.js';

/**
 * Audit format 1: events chained before migration 20261202100000 are kept and verified as they were
 * (events.format = 1): the event as one JSON payload with its envelope parts in
 * legacy_payload_parts, a canonical-JSON content hash, and this chain formula.
 */
export type PartPath = (string | number)[];
export type PartRefs = [PartPath, string][];

export interface StoredPart {
  hash: string;
  content: unknown;
  parts: PartRefs | null;
}

/** The hash before a conversation's first event. */
export const GENESIS_HASH = '0'.repeat(64);

export interface ChainedRecord {
  conversationId: string;
  seq: number;
  eventId: string;
  receivedAt: Date;
  /** SHA-256 of the canonical JSON of the event as received. */
  contentHash: string;
}

/**
 * Each stored event's chain hash covers its identity, arrival, content and the previous record's
 * chain hash, so changing, removing or reordering any stored event breaks every hash after it.
 * Ingest computes it in the database (`cim_append_events`, migration 20261125220000) and
 * verification here: the two must agree (test/audit-catalogue.e2e-spec.ts verifies chains the
 * database built, batches spanning two conversations included).
 */
export function chainHash(previous: string, r: ChainedRecord): string {
  return createHash('sha256')
    .update(
      [
        previous,
        r.conversationId,
        r.seq,
        r.eventId,
        r.receivedAt.toISOString(),
        r.contentHash,
      ].join('\n'),
    )
    .digest('hex');
}

/** Puts the parts back: the event exactly as received (equal JSON). */
export function joinPayload(
  payload: unknown,
  envelope: string | null,
  lookup: Map<string, StoredPart>,
): unknown {
  if (envelope === null) return payload;
  const part = lookup.get(envelope);
  if (!part) throw new MissingPartError(envelope);
  return joinRefs(payload, part.parts, lookup);
}

function joinRefs(
  payload: unknown,
  parts: PartRefs | null,
  lookup: Map<string, StoredPart>,
): unknown {
  if (!parts || parts.length === 0) return payload;
  const root = structuredClone(payload) as Record<string | number, unknown>;
  for (const [path, hash] of parts) {
    const part = lookup.get(hash);
    if (!part) throw new MissingPartError(hash);
    let target = root;
    for (const key of path.slice(0, -1)) target = target[key] as Record<string | number, unknown>;
    setOwn(target, path[path.length - 1], joinRefs(part.content, part.parts, lookup));
  }
  return root;
}

/** Hashes of the parts still to load for these envelopes, given those loaded (parts nest). */
export function missingParts(
  envelopes: (string | null)[],
  loaded: Map<string, StoredPart>,
): string[] {
  const missing = new Set<string>();
  const visit = (hash: string) => {
    const part = loaded.get(hash);
    if (!part) missing.add(hash);
    else for (const [, child] of part.parts ?? []) visit(child);
  };
  envelopes.forEach((h) => h !== null && visit(h));
  return [...missing];
}

export class MissingPartError extends Error {
  override name = 'MissingPartError';
  constructor(readonly hash: string) {
    super(`Payload part ${hash} is missing`);
  }
}

export interface EventIdentity {
  id: string;
  name: string;
  conversationId: string;
  timestamp: number;
}

/** Stored payload keys win, so a payload edited to carry one of these fields does not verify. */
export function withIdentity(payload: unknown, identity: EventIdentity): unknown {
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) return payload;
  return { ...identity, ...(payload as Record<string, unknown>) };
}
