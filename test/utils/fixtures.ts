import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { CimEvent } from '../../src/ingest/cim-event.js';

/** Real-shaped CIM samples, copied from the shared fixtures; FIXTURES_DIR points elsewhere. */
export const FIXTURES_DIR = resolve(process.env.FIXTURES_DIR ?? 'test/fixtures');

export const FIXTURE_NAMES = readdirSync(FIXTURES_DIR)
  .filter((f) => f.endsWith('.json'))
  .map((f) => f.replace(/\.json$/, ''))
  .sort();

export function loadFixture(name: string): CimEvent {
  return JSON.parse(readFileSync(join(FIXTURES_DIR, `${name}.json`), 'utf8')) as CimEvent;
}

export const CONVERSATION_ID = '694135361fde7e4212be1824';

/** Deterministic shuffle (mulberry32), so a failing order can be reproduced. */
export function shuffled<T>(items: readonly T[], seed: number): T[] {
  let a = seed >>> 0;
  const random = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

/** A copy of a fixture with changes, for building new events from the real envelope. */
export function eventFrom(name: string, change: (event: Record<string, any>) => void): CimEvent {
  const event: Record<string, any> = loadFixture(name);
  change(event);
  return event as CimEvent;
}
