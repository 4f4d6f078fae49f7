import bidiJs from 'bidi-js';

/** The embedded fonts (src/exports/pdf/pdf-fonts.ts). The three Latin ones are the base styles. */
export type FontName =
  'latin' | 'latin-bold' | 'latin-italic' | 'arabic' | 'sc' | 'jp' | 'kr' | 'emoji';

/** Does the font have a glyph for the code point? */
export type Covers = (font: FontName, codePoint: number) => boolean;

/** A stretch of text drawn in one font, in the order it is drawn (left to right). */
export interface VisualRun {
  text: string;
  font: FontName;
  /**
   * Right-to-left script (Arabic, Urdu...): the text is in logical order and the shaper lays it out
   * reversed. Other runs are already in visual order.
   */
  rtl: boolean;
}

// bidi-js is CommonJS whose module.exports is the factory; its types describe an ES default export.
const bidiFactory = bidiJs as unknown as typeof bidiJs.default;
const bidi = bidiFactory();

const ARABIC = /\p{Script=Arabic}/u;
const RTL_SCRIPT = /[\p{Script=Arabic}\p{Script=Hebrew}\p{Script=Syriac}\p{Script=Thaana}]/u;
const HAN = /\p{Script=Han}/u;
const KANA = /[\p{Script=Hiragana}\p{Script=Katakana}]/u;
const HANGUL = /\p{Script=Hangul}/u;
const EMOJI = /\p{Extended_Pictographic}/u;
/** No script of its own (spaces, punctuation, digits, joiners, variation selectors, marks). */
const NEUTRAL = /[\p{Script=Common}\p{Script=Inherited}]/u;

/** Joiners and selectors stay with an emoji; other neutrals after one go back to the text font. */
const isEmojiPart = (cp: number) =>
  cp === 0x200d ||
  cp === 0xfe0e ||
  cp === 0xfe0f ||
  (cp >= 0x1f3fb && cp <= 0x1f3ff) ||
  (cp >= 0xe0020 && cp <= 0xe007f);

function inherits(char: string, previous: FontName): boolean {
  if (!NEUTRAL.test(char) || EMOJI.test(char)) return false;
  return previous !== 'emoji' || isEmojiPart(char.codePointAt(0) ?? 0);
}

/** Han characters take the font of the language the text shows elsewhere (kana, hangul). */
function cjkOrder(text: string): FontName[] {
  if (KANA.test(text)) return ['jp', 'sc', 'kr'];
  if (HANGUL.test(text)) return ['kr', 'sc', 'jp'];
  return ['sc', 'jp', 'kr'];
}

function candidates(char: string, base: FontName, cjk: FontName[]): FontName[] {
  const codePoint = char.codePointAt(0) ?? 0;
  if (EMOJI.test(char) && codePoint > 0x2000) return ['emoji', base, ...cjk];
  if (ARABIC.test(char)) return ['arabic', base];
  if (KANA.test(char)) return ['jp', ...cjk];
  if (HANGUL.test(char)) return ['kr', ...cjk];
  if (HAN.test(char)) return cjk;
  return [base, 'arabic', ...cjk, 'emoji'];
}

/**
 * Per-character font fallback, in logical order: each character in the first font that has it
 * (by script first), and characters without a script of their own (spaces, digits, punctuation,
 * joiners) in the font of the character before them when it has them, so runs stay whole.
 */
export function fontOfEach(text: string, base: FontName, covers: Covers): FontName[] {
  const cjk = cjkOrder(text);
  const fonts: FontName[] = [];
  let previous: FontName | null = null;
  for (const char of text) {
    const codePoint = char.codePointAt(0) ?? 0;
    let font: FontName | undefined;
    if (previous !== null && inherits(char, previous) && covers(previous, codePoint))
      font = previous;
    font ??= candidates(char, base, cjk).find((f) => covers(f, codePoint)) ?? base;
    // One entry per UTF-16 unit, so indices line up with the bidi levels.
    for (let i = 0; i < char.length; i++) fonts.push(font);
    previous = font;
  }
  return fonts;
}

/** A BMP character of each bidi type, to stand in for characters outside the BMP. */
const STAND_IN: Partial<Record<string, string>> = {
  L: 'a',
  R: '\u05d0',
  AL: '\u0627',
  EN: '0',
  AN: '\u0660',
  NSM: '\u0300',
  WS: ' ',
  BN: '\u200b',
};

/**
 * bidi-js types each UTF-16 unit on its own, so a surrogate pair (emoji, rare Han) would count as
 * two strong left-to-right characters: each pair is replaced by two copies of a BMP character of
 * the pair's own bidi type (same length, so levels still index the original string).
 */
function bidiSafe(text: string): string {
  return text.replace(/[\ud800-\udbff][\udc00-\udfff]/g, (pair) => {
    const standIn = STAND_IN[bidi.getBidiCharTypeName(pair)] ?? '!';
    return standIn + standIn;
  });
}

/** The direction of a paragraph: that of its first strong character (UAX #9, P2-P3). */
export function paragraphDirection(text: string): 'ltr' | 'rtl' {
  const { paragraphs } = bidi.getEmbeddingLevels(bidiSafe(text), 'auto');
  return (paragraphs[0]?.level ?? 0) % 2 === 1 ? 'rtl' : 'ltr';
}

interface LogicalRun {
  text: string;
  font: FontName;
  level: number;
}

/**
 * One line of a paragraph as drawn: split where the font or the bidi embedding level changes,
 * the runs put in visual order (UAX #9, L2). Right-to-left runs of an RTL script stay in logical
 * order for the shaper (fontkit shapes Arabic in logical order and reverses the glyphs); other
 * right-to-left runs (neutrals between RTL words) are reversed and mirrored here.
 */
export function visualLine(
  line: string,
  direction: 'ltr' | 'rtl',
  base: FontName,
  covers: Covers,
): VisualRun[] {
  if (line === '') return [];
  const { levels } = bidi.getEmbeddingLevels(bidiSafe(line), direction);
  const fonts = fontOfEach(line, base, covers);
  const runs: LogicalRun[] = [];
  for (let i = 0; i < line.length; i++) {
    const last = runs.at(-1);
    if (last && last.font === fonts[i] && last.level === levels[i]) last.text += line[i];
    else runs.push({ text: line[i], font: fonts[i], level: levels[i] });
  }
  return reorder(runs).map(({ text, font, level }) => {
    if (level % 2 === 0) return { text, font, rtl: false };
    if (RTL_SCRIPT.test(text)) return { text, font, rtl: true };
    const reversed = [...text].reverse().map((c) => bidi.getMirroredCharacter(c) ?? c);
    return { text: reversed.join(''), font, rtl: false };
  });
}

/** UAX #9 L2 on runs: from the highest level down to the lowest odd one, reverse each sequence. */
function reorder(runs: LogicalRun[]): LogicalRun[] {
  const out = [...runs];
  const highest = Math.max(...out.map((r) => r.level));
  const lowestOdd = Math.min(...out.map((r) => (r.level % 2 === 1 ? r.level : Infinity)));
  for (let level = highest; level >= lowestOdd && level > 0; level--) {
    for (let i = 0; i < out.length; i++) {
      if (out[i].level < level) continue;
      let j = i;
      while (j + 1 < out.length && out[j + 1].level >= level) j++;
      out.splice(i, j - i + 1, ...out.slice(i, j + 1).reverse());
      i = j;
    }
  }
  return out;
}

/** Where a line may break: after spaces, and around each CJK character (no spaces there). */
const TOKENS =
  /\s+|[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]|[^\s\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]+/gu;

/**
 * Greedy line breaking of one paragraph (logical order) to `maxWidth`, measuring with `measure`;
 * a word wider than a line is cut between characters. Spaces at a break are dropped.
 */
export function breakLines(
  paragraph: string,
  maxWidth: number,
  measure: (text: string) => number,
): string[] {
  const lines: string[] = [];
  let current = '';
  const push = () => {
    lines.push(current.trimEnd());
    current = '';
  };
  for (const token of paragraph.match(TOKENS) ?? []) {
    if (current === '' && /^\s+$/.test(token)) continue;
    if (measure(current + token) <= maxWidth) {
      current += token;
      continue;
    }
    if (current.trim() !== '') push();
    if (/^\s+$/.test(token)) continue;
    for (const char of token) {
      if (current !== '' && measure(current + char) > maxWidth) push();
      current += char;
    }
  }
  if (current.trim() !== '' || lines.length === 0) push();
  return lines;
}
