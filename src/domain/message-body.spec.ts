import { describe, expect, it } from '@jest/globals';
import { compactBody, restoreBody } from './message-body.js';

const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64');

describe(compactBody.name, () => {
  it.each([
    [
      'base64 text that re-encodes exactly',
      { type: 'PLAIN', markdownText: b64('héllo 👋') },
      'héllo 👋',
      true,
      'base64',
    ],
    ['plain text', { type: 'PLAIN', markdownText: 'hi *there*' }, 'hi *there*', false, 'plain'],
  ])(
    'should leave markdownText out for %s, and restoreBody should give it back',
    (_c, body, text, encoded, encoding) => {
      const sut = compactBody(body, text, encoded);
      expect(sut).toEqual({ body: { type: 'PLAIN' }, encoding });
      expect(restoreBody(sut.body, text, sut.encoding)).toEqual(body);
    },
  );

  it.each([
    [
      'base64 with line breaks (not canonical)',
      { markdownText: `${b64('hello')}\n` },
      'hello',
      true,
    ],
    [
      'invalid UTF-8 in the base64',
      { markdownText: Buffer.from([0xff, 0xfe]).toString('base64') },
      '\ufffd\ufffd',
      true,
    ],
    ['no markdownText', { type: 'IMAGE' }, null, true],
    ['a body that is not an object', 'text', 'text', false],
  ])('should keep the body whole for %s', (_c, body, text, encoded) => {
    const sut = compactBody(body, text, encoded);
    expect(sut).toEqual({ body, encoding: null });
    expect(restoreBody(sut.body, text, sut.encoding)).toEqual(body);
  });
});
