import { splitEvent, type PartMemo } from '../domain/audit/event-pieces.js';
import type { CimEvent } from './cim-event.js';
import type { NormalisedEvent } from './normalised-event.js';
import { normaliseEvent } from './normalise-event.js';

export type Prepared =
  { ok: true; normalised: NormalisedEvent } | { ok: false; problems: string[] };

/**
 * A validated event, ready to commit: its normalised rows, and its audit record in pieces (the
 * message piece comes out when the normaliser made a transcript message of it).
 */
export function prepareEvent(event: CimEvent, memo?: PartMemo): Prepared {
  const { rows, problems } = normaliseEvent(event);
  if (problems.length > 0) return { ok: false, problems };
  const identity = {
    id: event.id,
    name: event.name,
    conversationId: event.conversationId,
    timestamp: event.timestamp,
  };
  const message = rows.message
    ? { text: rows.message.text, textEncoded: rows.message.textEncoded }
    : null;
  return { ok: true, normalised: { ...rows, pieces: splitEvent(event, identity, message, memo) } };
}
