/** Opaque cursors: base64url of a JSON array. Anything that does not decode to the expected shape is null. */
export function encodeCursor(parts: (string | number)[]): string {
  return Buffer.from(JSON.stringify(parts), 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string, shape: ('string' | 'number')[]): unknown[] | null {
  try {
    const parts: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (!Array.isArray(parts) || parts.length !== shape.length) return null;
    return parts.every((p, i) => typeof p === shape[i]) ? parts : null;
  } catch {
    return null;
  }
}
