import { Prisma } from './generated/prisma/client.js';

/** Who is reading: the customer-safe view or the full agent view. */
export enum TranscriptView {
  CUSTOMER = 'CUSTOMER',
  AGENT = 'AGENT',
}

/**
 * THE customer-safe rule: the message visibilities a view may return. Every read of messages in
 * src/storage goes through `visibleIn()`; nothing else decides what a customer may see.
 * Fail-closed: a view this function does not know sees only customer-visible messages.
 */
export function visibilitiesFor(view: TranscriptView): ('CUSTOMER_VISIBLE' | 'AGENTS_ONLY')[] {
  switch (view) {
    case TranscriptView.AGENT:
      return ['CUSTOMER_VISIBLE', 'AGENTS_ONLY'];
    case TranscriptView.CUSTOMER:
    default:
      return ['CUSTOMER_VISIBLE'];
  }
}

/**
 * The same rule for raw SQL: a condition that `column` (a message visibility column) is one the
 * view may see, with the list bound as a parameter. Raw queries use this and nothing else.
 */
export function visibleToView(view: TranscriptView, column: string): Prisma.Sql {
  if (!/^[a-z_][a-z0-9_]*(\.[a-z_][a-z0-9_]*)?$/.test(column)) {
    throw new Error(`Not a column reference: ${column}`);
  }
  return Prisma.sql`${Prisma.raw(column)} = ANY(${visibilitiesFor(view)}::"Visibility"[])`;
}

/**
 * A whisper: a WHISPER_MESSAGE from an agent (other agent-only messages, such as actions or
 * wrap-ups, are not consultations), never customer-visible. Messages aliased `m`.
 */
export const IS_WHISPER = Prisma.sql`m.event_name = 'WHISPER_MESSAGE' AND m.sender_type = 'AGENT'
  AND NOT ${visibleToView(TranscriptView.CUSTOMER, 'm.visibility')}`;
