/**
 * Ids are stored in their smallest exact form (bytea): contact-centre platforms use UUIDs for events,
 * messages and agents and MongoDB ObjectIds for conversations, sessions and customers, which as text
 * cost 37 and 25 bytes in every row and index that holds them, and 17 and 13 bytes this way.
 *
 * - a lowercase canonical UUID: its 16 bytes;
 * - 24 lowercase hex digits (an ObjectId): its 12 bytes;
 * - any other string: 0xFF, its UTF-8 bytes, and a 0x00 when that would otherwise make 12 or 16 bytes.
 *
 * 0xFF never occurs in UTF-8 and a stored id never holds NUL, so every form decodes back to exactly the
 * string it came from. Ids of one form order as their text does (bytewise, like COLLATE "C"); ids of
 * different forms do not. The SQL functions cim_id(text) and cim_id_text(bytea) are the same encoding
 * (migration 20261202100000), for migrations and for reading the tables by hand.
 */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const OBJECT_ID = /^[0-9a-f]{24}$/;
const TEXT_TAG = 0xff;

export function encodeId(id: string): Buffer<ArrayBuffer> {
  if (id.length === 36 && UUID.test(id)) {
    return Buffer.from(
      id.slice(0, 8) + id.slice(9, 13) + id.slice(14, 18) + id.slice(19, 23) + id.slice(24),
      'hex',
    );
  }
  if (id.length === 24 && OBJECT_ID.test(id)) return Buffer.from(id, 'hex');
  const size = Buffer.byteLength(id);
  const padded = size + 1 === 12 || size + 1 === 16;
  const out = Buffer.allocUnsafe(size + (padded ? 2 : 1));
  out[0] = TEXT_TAG;
  out.write(id, 1, 'utf8');
  if (padded) out[size + 1] = 0;
  return out;
}

/**
 * encodeId(id) in hex, without building the bytes: a UUID's or an ObjectId's hex digits already are
 * its stored form (the ingest path writes a dozen ids per event).
 */
export function encodedIdHex(id: string): string {
  if (id.length === 36 && isLowerHex(id, true)) {
    return id.slice(0, 8) + id.slice(9, 13) + id.slice(14, 18) + id.slice(19, 23) + id.slice(24);
  }
  if (id.length === 24 && isLowerHex(id, false)) return id;
  return encodeId(id).toString('hex');
}

/** The UUID (hyphens at 8, 13, 18, 23) or ObjectId shape, without a regular expression. */
function isLowerHex(id: string, uuid: boolean): boolean {
  for (let i = 0; i < id.length; i++) {
    const c = id.charCodeAt(i);
    if (uuid && (i === 8 || i === 13 || i === 18 || i === 23)) {
      if (c !== 45) return false;
    } else if (!((c >= 48 && c <= 57) || (c >= 97 && c <= 102))) return false;
  }
  return true;
}

export function decodeId(bytes: Uint8Array): string {
  const buffer = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes);
  if (buffer.length === 16) {
    const hex = buffer.toString('hex');
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  }
  if (buffer.length === 12) return buffer.toString('hex');
  const end = buffer[buffer.length - 1] === 0 ? buffer.length - 1 : buffer.length;
  return buffer.toString('utf8', 1, end);
}

/** For ids in query parameters; null stays null. */
export function encodeIds(ids: readonly string[]): Buffer<ArrayBuffer>[] {
  return ids.map(encodeId);
}

export function decodeNullableId(bytes: Uint8Array | null): string | null {
  return bytes === null ? null : decodeId(bytes);
}
