import { createHash } from 'node:crypto';

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
