import {
  manifestHash,
  messageHash,
  messageHashOf,
  partHash,
  setOwn,
  sha256Hex,
  type EventIdentity,
  type MessagePiece,
  type PartPath,
  type PartRef,
} from './event-pieces.js';
import { restoreBody } from '../message-body.js';

/** A part as stored: its content is null once erased (its hash, the address, stays). */
export interface StoredPart {
  hash: string;
  scope: string;
  content: string | null;
  refs: PartRef[] | null;
}

/**
 * A message piece as stored; erased: its content fields (text, encoding, body) are null and
 * `erasedHash` holds their hash (messageContentHash).
 */
export type StoredMessagePiece = Omit<MessagePiece, 'hash'> & { erasedHash: string | null };

export interface StoredPieces {
  identity: EventIdentity;
  residual: unknown;
  refs: PartRef[];
  message: StoredMessagePiece | null;
}

/** What stands in for erased content in `originalEvent`: the SHA-256 of what was there. */
export interface ErasedMarker {
  $erased: string;
}

export function erasedMarker(hashHex: string): ErasedMarker {
  return { $erased: `sha256:${hashHex}` };
}

/**
 * The event as received (equal JSON), put back together from its pieces; erased pieces are markers.
 * A part that is missing altogether (not erased: gone) throws MissingPartError.
 */
export function joinEvent(pieces: StoredPieces, parts: ReadonlyMap<string, StoredPart>): unknown {
  const event = structuredClone(pieces.residual) as Record<string, unknown>;
  putParts(event, pieces.refs, parts);
  if (pieces.message) putMessage(event, pieces.message);
  return {
    id: pieces.identity.id,
    name: pieces.identity.name,
    conversationId: pieces.identity.conversationId,
    timestamp: pieces.identity.timestamp,
    ...event,
  };
}

/**
 * The content hash the event's stored pieces give: equal to the one chained at ingest unless a piece
 * was changed. Parts are checked against their addresses; erased pieces count by their kept hash.
 */
export function recomputeContentHash(
  pieces: StoredPieces,
  parts: ReadonlyMap<string, StoredPart>,
): Buffer | null {
  for (const [, hashHex] of pieces.refs) if (!partIntact(hashHex, parts)) return null;
  const message = pieces.message;
  const messageHashHex = !message
    ? null
    : message.erasedHash !== null
      ? messageHashOf(message, message.erasedHash)
      : messageHash(message);
  return manifestHash(
    pieces.identity,
    sha256Hex(JSON.stringify(pieces.residual)),
    pieces.refs,
    messageHashHex,
  );
}

function partIntact(hashHex: string, parts: ReadonlyMap<string, StoredPart>): boolean {
  const part = parts.get(hashHex);
  if (!part) return false;
  if (part.content !== null && partHash(part.scope, part.content, part.refs) !== hashHex)
    return false;
  return (part.refs ?? []).every(([, child]) => partIntact(child, parts));
}

function putParts(
  target: Record<string | number, unknown>,
  refs: readonly PartRef[],
  parts: ReadonlyMap<string, StoredPart>,
): void {
  for (const [path, hashHex] of refs) {
    const part = parts.get(hashHex);
    if (!part) throw new MissingPartError(hashHex);
    let value: unknown;
    if (part.content === null) value = erasedMarker(hashHex);
    else {
      value = JSON.parse(part.content);
      if (part.refs) putParts(value as Record<string, unknown>, part.refs, parts);
    }
    setAt(target, path, value);
  }
}

function putMessage(event: Record<string, unknown>, piece: StoredMessagePiece): void {
  const data = (event.data ??= {}) as Record<string, unknown>;
  setOwn(data, 'id', piece.id);
  // The id and the send time stay after an erasure; the body was the message's content.
  if (piece.sentAt !== null)
    setOwn((data.header ??= {}) as Record<string, unknown>, 'timestamp', piece.sentAt);
  if (piece.erasedHash !== null) {
    setOwn(data, 'body', erasedMarker(piece.erasedHash));
    return;
  }
  const rest: unknown = piece.body === null ? { type: piece.bodyType } : JSON.parse(piece.body);
  setOwn(data, 'body', restoreBody(rest, piece.text, piece.encoding));
}

function setAt(target: Record<string | number, unknown>, path: PartPath, value: unknown): void {
  let node = target;
  for (const key of path.slice(0, -1)) node = node[key] as Record<string | number, unknown>;
  setOwn(node, path[path.length - 1], value);
}

export class MissingPartError extends Error {
  override name = 'MissingPartError';
  constructor(readonly hash: string) {
    super(`Payload part ${hash} is missing`);
  }
}
