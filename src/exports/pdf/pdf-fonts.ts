import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { create, type Font } from 'fontkit';
import type { FontName } from './text-runs.js';

const require = createRequire(import.meta.url);

/** A package's own directory (the font packages export only their index). */
const packageDir = (name: string, index: string) => join(dirname(require.resolve(name)), index);

/**
 * Noto fonts from npm packages, as TTF/OTF (pdfkit embeds and subsets those; WOFF2 it cannot):
 * Noto Sans for Latin, Greek and Cyrillic; Noto Naskh Arabic for Arabic and Urdu; Noto Sans CJK
 * (SC, JP, KR) for Chinese, Japanese and Korean; Noto Emoji (monochrome) for emoji.
 */
const FILES: Record<FontName, () => string> = {
  latin: () => join(packageDir('@embedpdf/fonts-latin', '..'), 'fonts/NotoSans-Regular.ttf'),
  'latin-bold': () => join(packageDir('@embedpdf/fonts-latin', '..'), 'fonts/NotoSans-Bold.ttf'),
  'latin-italic': () =>
    join(packageDir('@embedpdf/fonts-latin', '..'), 'fonts/NotoSans-Italic.ttf'),
  arabic: () =>
    join(packageDir('@embedpdf/fonts-arabic', '..'), 'fonts/NotoNaskhArabic-Regular.ttf'),
  sc: () => join(packageDir('@embedpdf/fonts-sc', '..'), 'fonts/NotoSansHans-Regular.otf'),
  jp: () => join(packageDir('@embedpdf/fonts-jp', '..'), 'fonts/NotoSansJP-Regular.otf'),
  kr: () => join(packageDir('@embedpdf/fonts-kr', '..'), 'fonts/NotoSansKR-Regular.otf'),
  emoji: () =>
    join(packageDir('@expo-google-fonts/noto-emoji', '.'), '400Regular/NotoEmoji_400Regular.ttf'),
};

interface LoadedFont {
  bytes: Buffer;
  font: Font;
}

/** Read once per process, on first need: the CJK fonts are 4-8 MB each. */
const loaded = new Map<FontName, LoadedFont>();

function load(name: FontName): LoadedFont {
  let entry = loaded.get(name);
  if (!entry) {
    const bytes = readFileSync(FILES[name]());
    entry = { bytes, font: create(bytes) };
    loaded.set(name, entry);
  }
  return entry;
}

/** The font file's bytes, for pdfkit's registerFont (it embeds only the glyphs used). */
export function fontBytes(name: FontName): Buffer {
  return load(name).bytes;
}

/** Does the font have a glyph for this code point? */
export function fontCovers(name: FontName, codePoint: number): boolean {
  return load(name).font.hasGlyphForCodePoint(codePoint);
}
