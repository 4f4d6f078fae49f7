/**
 * A message's text is stored decoded in `messages.text`; storing `body.markdownText` too (base64,
 * a third larger) would keep it twice. When re-encoding the text gives back exactly the
 * markdownText received, the body is stored without it and the encoding is recorded; reads put it
 * back. Anything that would not round-trip exactly is stored whole.
 */
export type MarkdownTextEncoding = 'base64' | 'plain';

export function compactBody(
  body: unknown,
  text: string | null,
  encoded: boolean,
): { body: unknown; encoding: MarkdownTextEncoding | null } {
  if (typeof body !== 'object' || body === null || Array.isArray(body) || text === null) {
    return { body, encoding: null };
  }
  const { markdownText, ...rest } = body as Record<string, unknown>;
  const encoding: MarkdownTextEncoding = encoded ? 'base64' : 'plain';
  if (typeof markdownText !== 'string' || encodeText(text, encoding) !== markdownText) {
    return { body, encoding: null };
  }
  return { body: rest, encoding };
}

export function restoreBody(body: unknown, text: string | null, encoding: string | null): unknown {
  if (encoding === null || text === null || typeof body !== 'object' || body === null) return body;
  return {
    ...(body as Record<string, unknown>),
    markdownText: encodeText(text, encoding as MarkdownTextEncoding),
  };
}

function encodeText(text: string, encoding: MarkdownTextEncoding): string {
  return encoding === 'base64' ? Buffer.from(text, 'utf8').toString('base64') : text;
}
