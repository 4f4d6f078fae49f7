/**
 * The parts of a CIM event envelope this service reads. Everything else is kept as received
 * in the audit log; the index signatures say so.
 */
export type JsonObject = { [key: string]: unknown };

export interface CimSender extends JsonObject {
  id: string;
  type: string;
  senderName?: unknown;
}

export interface CimMessage extends JsonObject {
  id: string;
  header: JsonObject & { sender: CimSender };
  body: JsonObject & { type: string };
}

export interface CimEvent extends JsonObject {
  id: string;
  name: string;
  conversationId: string;
  timestamp: number;
  data?: unknown;
}

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * `data` is treated as a CIM message as soon as it has a `header` or a `body`, so that a message
 * missing its `id` is rejected (naming `data.id`) instead of being silently stored as a non-message.
 */
export function looksLikeMessage(data: unknown): data is JsonObject {
  return isObject(data) && ('header' in data || 'body' in data);
}
