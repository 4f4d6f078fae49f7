import { isObject } from './cim-event.js';

export type UnwrapResult = { ok: true; event: unknown } | { ok: false; problems: string[] };

/**
 * Accepts the bare event or the socket wrapper `{ "cimEvent": <event or JSON string of it>, ... }`.
 * The wrapper's other fields (roomInfo, ...) repeat what the event carries and are not kept.
 */
export function unwrapEvent(body: unknown): UnwrapResult {
  if (!isObject(body) || !('cimEvent' in body)) return { ok: true, event: body };
  const inner = body.cimEvent;
  if (typeof inner !== 'string') return { ok: true, event: inner };
  try {
    return { ok: true, event: JSON.parse(inner) as unknown };
  } catch {
    return { ok: false, problems: ['cimEvent is a string but not valid JSON'] };
  }
}
