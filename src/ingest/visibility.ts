import type { Visibility } from './normalised-event.js';

/** Event names whose message the customer saw. Everything else, known or not, is agent-only (fail-closed). */
const CUSTOMER_VISIBLE_EVENTS: ReadonlySet<string> = new Set([
  'CUSTOMER_MESSAGE',
  'AGENT_MESSAGE',
  'BOT_MESSAGE',
]);

export function visibilityOf(eventName: string): Visibility {
  return CUSTOMER_VISIBLE_EVENTS.has(eventName) ? 'CUSTOMER_VISIBLE' : 'AGENTS_ONLY';
}

/** Body types that signal a status rather than carry a message. */
export const NON_MESSAGE_BODY_TYPES: ReadonlySet<string> = new Set([
  'DELIVERYNOTIFICATION',
  'NOTIFICATION',
]);
