// The part of fontkit (pdfkit's font engine) used here: glyph coverage for per-run font fallback.
declare module 'fontkit' {
  export interface Font {
    hasGlyphForCodePoint(codePoint: number): boolean;
  }
  export function create(buffer: Buffer): Font;
}
