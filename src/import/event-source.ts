import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { PassThrough, Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import streamArray from 'stream-json/streamers/stream-array.js';

/** One event read from the source, or why it could not be read; `at` names its place for people. */
export type SourceItem =
  { at: string; ok: true; value: unknown } | { at: string; ok: false; problems: string[] };

/** Where the events come from: the bytes, and how far through them reading is (progress). */
export interface EventSource {
  /** Decompressed bytes. */
  readonly stream: Readable;
  /** Size of the file as stored (compressed for `.gz`); undefined for standard input. */
  readonly totalBytes: number | undefined;
  /** Bytes of the stored file read so far. */
  bytesRead(): number;
}

/**
 * Opens `-` (standard input) or a file; a name ending in `.gz` is decompressed. Fails before
 * anything is read when the file cannot be opened.
 */
export async function openSource(
  path: string,
  stdin: Readable = process.stdin,
): Promise<EventSource> {
  let raw: Readable;
  let totalBytes: number | undefined;
  if (path === '-') {
    raw = stdin;
  } else {
    const info = await stat(path);
    if (!info.isFile()) throw new Error(`${path} is not a file`);
    totalBytes = info.size;
    raw = createReadStream(path, { highWaterMark: 1 << 20 });
  }
  let read = 0;
  const counted = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      read += chunk.length;
      done(null, chunk);
    },
  });
  const stream = path.endsWith('.gz') ? createGunzip() : new PassThrough();
  // Errors (a truncated gzip, an unreadable file) reach the reader through `stream`.
  pipeline(raw, counted, stream).catch((error: unknown) => stream.destroy(error as Error));
  return { stream, totalBytes, bytesRead: () => read };
}

/**
 * The events in a JSON array (`[` first) or NDJSON (anything else), one at a time, without holding
 * more than a line or an item in memory. NDJSON items are placed by line number (blank lines
 * skipped), array items by index.
 */
export async function* readEvents(stream: Readable): AsyncGenerator<SourceItem> {
  const { first, rest } = await peek(stream);
  if (first === undefined) return;
  if (first === '[') yield* arrayItems(rest);
  else yield* ndjsonItems(rest);
}

async function* ndjsonItems(stream: Readable): AsyncGenerator<SourceItem> {
  const lines = createInterface({ input: stream, crlfDelay: Infinity });
  let number = 0;
  for await (const line of lines) {
    number += 1;
    const text = number === 1 ? stripBom(line) : line;
    if (text.trim() === '') continue;
    yield parseLine(text, `line ${number}`);
  }
}

/** One NDJSON line, with the message `POST /events` gives for a body that is not JSON. */
export function parseLine(text: string, at: string): SourceItem {
  try {
    return { at, ok: true, value: JSON.parse(text) as unknown };
  } catch (error) {
    return { at, ok: false, problems: [`Body is not valid JSON: ${(error as Error).message}`] };
  }
}

async function* arrayItems(stream: Readable): AsyncGenerator<SourceItem> {
  const items = stream.pipe(streamArray.withParserAsStream());
  stream.on('error', (error) => items.destroy(error));
  let next = 0;
  try {
    for await (const item of items as AsyncIterable<{ key: number; value: unknown }>) {
      next = item.key + 1;
      yield { at: `index ${item.key}`, ok: true, value: item.value };
    }
  } catch (error) {
    // Nothing after a syntax error can be placed: report it at the item it interrupted, and stop.
    yield {
      at: `index ${next}`,
      ok: false,
      problems: [`the file is not a valid JSON array from here on: ${(error as Error).message}`],
    };
  }
}

/** The first non-blank character, and the whole stream again (nothing consumed). */
async function peek(stream: Readable): Promise<{ first: string | undefined; rest: Readable }> {
  const chunks = stream[Symbol.asyncIterator]() as AsyncIterator<Buffer | string, undefined>;
  const seen: Buffer[] = [];
  let first: string | undefined;
  while (first === undefined) {
    const { value, done } = await chunks.next();
    if (done) break;
    const chunk = Buffer.isBuffer(value) ? value : Buffer.from(value);
    seen.push(chunk);
    first = /[^\s\uFEFF]/.exec(stripBom(Buffer.concat(seen).toString('utf8')))?.[0];
  }
  const bom = seen[0]?.subarray(0, 3).equals(UTF8_BOM) ?? false;
  if (bom) seen[0] = seen[0].subarray(3);
  async function* again(): AsyncGenerator<Buffer> {
    yield* seen;
    for (;;) {
      const { value, done } = await chunks.next();
      if (done) return;
      yield Buffer.isBuffer(value) ? value : Buffer.from(value);
    }
  }
  return { first, rest: Readable.from(again(), { objectMode: false }) };
}

const UTF8_BOM = Buffer.from([0xef, 0xbb, 0xbf]);

function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}
