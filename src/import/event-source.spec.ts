import { Readable } from 'node:stream';
import { describe, expect, it } from '@jest/globals';
import { readEvents, type SourceItem } from './event-source.js';

async function read(text: string, chunkSize = 3): Promise<SourceItem[]> {
  const chunks: Buffer[] = [];
  const bytes = Buffer.from(text);
  for (let i = 0; i < bytes.length; i += chunkSize) chunks.push(bytes.subarray(i, i + chunkSize));
  const items: SourceItem[] = [];
  for await (const item of readEvents(Readable.from(chunks))) items.push(item);
  return items;
}

describe('readEvents', () => {
  it.each<[string, string, SourceItem[]]>([
    ['nothing', '  \n ', []],
    [
      'NDJSON, skipping blank lines and keeping line numbers',
      '{"id":"a"}\n\n{"id":"b"}\r\n',
      [
        { at: 'line 1', ok: true, value: { id: 'a' } },
        { at: 'line 3', ok: true, value: { id: 'b' } },
      ],
    ],
    [
      'NDJSON with a byte-order mark',
      '\uFEFF{"id":"a"}',
      [{ at: 'line 1', ok: true, value: { id: 'a' } }],
    ],
    [
      'a JSON array, by index',
      ' [ {"id":"a"},\n 7, {"id":"ü"} ]',
      [
        { at: 'index 0', ok: true, value: { id: 'a' } },
        { at: 'index 1', ok: true, value: 7 },
        { at: 'index 2', ok: true, value: { id: 'ü' } },
      ],
    ],
    [
      'a JSON array with a byte-order mark',
      '\uFEFF[{"id":"a"}]',
      [{ at: 'index 0', ok: true, value: { id: 'a' } }],
    ],
  ])('should read %s', async (_label, text, expected) => {
    expect(await read(text)).toEqual(expected);
  });

  it('should report a line that is not JSON with the message POST /events gives', async () => {
    const [item] = await read('{"id":');
    expect(item).toMatchObject({ at: 'line 1', ok: false });
    expect(item.ok ? [] : item.problems).toEqual([
      expect.stringMatching(/^Body is not valid JSON: /),
    ]);
  });

  it('should stop a JSON array at a syntax error, placed after the items read before it', async () => {
    const items = await read('[{"id":"a"}, {"id": ]');
    const failure = items.at(-1);
    // The parser may fail before it hands over the items it buffered: those are not counted.
    expect(failure).toMatchObject({ at: `index ${items.length - 1}`, ok: false });
    expect(failure?.ok ? [] : failure?.problems).toEqual([
      expect.stringMatching(/^the file is not a valid JSON array from here on: .*unexpected token/),
    ]);
  });
});
