import { describe, expect, it } from '@jest/globals';
import {
  breakLines,
  fontOfEach,
  paragraphDirection,
  visualLine,
  type Covers,
  type FontName,
} from './text-runs.js';

/** Coverage by script, as the real fonts have it (no font file needed). */
const covers: Covers = (font: FontName, codePoint: number) => {
  const char = String.fromCodePoint(codePoint);
  const common = /[\p{Script=Common}\p{Script=Inherited}]/u.test(char) && codePoint < 0x2000;
  switch (font) {
    case 'latin':
    case 'latin-bold':
    case 'latin-italic':
      return common || /[\p{Script=Latin}\p{Script=Greek}\p{Script=Cyrillic}]/u.test(char);
    case 'arabic':
      return common || /\p{Script=Arabic}/u.test(char);
    case 'sc':
      return /[\p{Script=Han}\u3000-\u303f\uff00-\uffef]/u.test(char);
    case 'jp':
      return /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]/u.test(char);
    case 'kr':
      return /[\p{Script=Hangul}\p{Script=Han}]/u.test(char);
    case 'emoji':
      return /\p{Extended_Pictographic}|\u200d|\ufe0f| /u.test(char);
  }
};

/** Runs of equal fonts, as [text, font] pairs. */
function runsOf(text: string, base: FontName = 'latin'): [string, FontName][] {
  const fonts = fontOfEach(text, base, covers);
  const runs: [string, FontName][] = [];
  for (let i = 0; i < text.length; i++) {
    const last = runs.at(-1);
    if (last && last[1] === fonts[i]) last[0] += text[i];
    else runs.push([text[i], fonts[i]]);
  }
  return runs;
}

describe('fontOfEach', () => {
  it.each<[string, string, [string, FontName][]]>([
    ['Latin, Greek, Cyrillic in the base font', 'Hi Ωμέγα Привет', [['Hi Ωμέγα Привет', 'latin']]],
    [
      'Arabic with its spaces',
      'Hi مرحبا بك',
      [
        ['Hi ', 'latin'],
        ['مرحبا بك', 'arabic'],
      ],
    ],
    ['Han as Chinese when no kana', '您好', [['您好', 'sc']]],
    ['Han as Japanese next to kana', '日本語です', [['日本語です', 'jp']]],
    [
      'Hangul in the Korean font',
      '안녕 하세요',
      [
        ['안녕', 'kr'],
        [' ', 'latin'],
        ['하세요', 'kr'],
      ],
    ],
    [
      'emoji with their joiner, then text again',
      'ok 👍 yes',
      [
        ['ok ', 'latin'],
        ['👍', 'emoji'],
        [' yes', 'latin'],
      ],
    ],
    ['the base style for the rest', 'Bold ü', [['Bold ü', 'latin-bold']]],
  ])('should put %s', (_label, text, expected) => {
    const base = expected[0][1] === 'latin-bold' ? 'latin-bold' : 'latin';
    expect(runsOf(text, base)).toEqual(expected);
  });
});

describe('paragraphDirection', () => {
  it.each([
    ['Hello مرحبا', 'ltr'],
    ['مرحبا Hello', 'rtl'],
    ['123 آپ کیسے ہیں', 'rtl'],
    ['', 'ltr'],
    ['😀 مرحبا', 'rtl'],
  ])('should find %j %s', (text, expected) => {
    expect(paragraphDirection(text)).toBe(expected);
  });
});

describe('visualLine', () => {
  it('should keep an Arabic run in logical order for the shaper, marked right-to-left', () => {
    expect(visualLine('مرحبا بك', 'rtl', 'latin', covers)).toEqual([
      { text: 'مرحبا بك', font: 'arabic', rtl: true },
    ]);
  });

  it('should order runs visually in a left-to-right line with an Arabic stretch', () => {
    expect(visualLine('Order 42: مرحبا بك ok', 'ltr', 'latin', covers)).toEqual([
      { text: 'Order 42: ', font: 'latin', rtl: false },
      { text: 'مرحبا بك', font: 'arabic', rtl: true },
      // The space after the Arabic keeps its font (same glyph), but is left-to-right again.
      { text: ' ', font: 'arabic', rtl: false },
      { text: 'ok', font: 'latin', rtl: false },
    ]);
  });

  it('should put Latin words on the left of a right-to-left line, in their own order', () => {
    const runs = visualLine('مرحبا Hello world', 'rtl', 'latin', covers);
    expect(runs.map((r) => r.text.trim()).filter((t) => t !== '')).toEqual([
      'Hello world',
      'مرحبا',
    ]);
  });

  it('should leave brackets inside an Arabic run to the shaper (it mirrors them)', () => {
    expect(visualLine('مرحبا (بك)', 'rtl', 'latin', covers)).toEqual([
      { text: 'مرحبا (بك)', font: 'arabic', rtl: true },
    ]);
  });

  it('should reverse a right-to-left run of another font itself (emoji between Arabic words)', () => {
    expect(visualLine('مرحبا 👍😀 بك', 'rtl', 'latin', covers)).toEqual([
      { text: 'بك', font: 'arabic', rtl: true },
      // After an emoji, a space goes back to the text font.
      { text: ' ', font: 'latin', rtl: false },
      { text: '😀👍', font: 'emoji', rtl: false },
      { text: 'مرحبا ', font: 'arabic', rtl: true },
    ]);
  });
});

describe('breakLines', () => {
  const measure = (text: string) => [...text].length;

  it.each<[string, string, number, string[]]>([
    ['at spaces', 'one two three four', 9, ['one two', 'three', 'four']],
    ['between CJK characters', '您好世界您好', 4, ['您好世界', '您好']],
    ['inside a word longer than a line', 'abcdefghij', 4, ['abcd', 'efgh', 'ij']],
    ['never, when the text fits', 'fits', 10, ['fits']],
    ['to one empty line when empty', '', 10, ['']],
  ])('should break %s', (_label, text, width, expected) => {
    expect(breakLines(text, width, measure)).toEqual(expected);
  });
});
