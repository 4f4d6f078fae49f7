import { createHash } from 'node:crypto';

/** The chain value before a conversation's first event. */
export const GENESIS = Buffer.alloc(32);

/**
 * A format-2 link: SHA-256 over the previous event's chain value, this event's content hash (which
 * covers its identity and every piece) and its arrival time (epoch milliseconds, 8 bytes big-endian).
 * The database computes it at ingest (cim_append_events, migration 20261202100000) and verification
 * here; the two must agree.
 */
export function chainLink(previous: Buffer, contentHash: Buffer, receivedAt: Date): Buffer {
  const arrived = Buffer.alloc(8);
  arrived.writeBigInt64BE(BigInt(receivedAt.getTime()));
  return createHash('sha256').update(previous).update(contentHash).update(arrived).digest();
}
