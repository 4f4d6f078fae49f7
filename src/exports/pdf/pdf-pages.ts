import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { fontBytes, fontCovers } from './pdf-fonts.js';
import {
  breakLines,
  fontOfEach,
  paragraphDirection,
  visualLine,
  type FontName,
} from './text-runs.js';

export interface TextStyle {
  size: number;
  font?: 'latin' | 'latin-bold' | 'latin-italic';
  color?: string;
  /** Points from the left margin (from the right one for right-to-left paragraphs). */
  indent?: number;
  /** Extra space above, in points. */
  before?: number;
}

const MARGIN = 50;
const FOOTER_SIZE = 8;
const LINE_HEIGHT = 1.55;

/**
 * Pages laid out line by line, so every line can mix scripts: each run in a font that has its
 * characters, right-to-left runs reordered (bidi) and Arabic shaped by fontkit, right-to-left
 * paragraphs aligned right. Every page carries a footer (page number and what the caller adds).
 * Text stays text: pdfkit embeds a subset of each font used with a ToUnicode map.
 */
export class PdfPages {
  private page = 0;
  private y = 0;
  private readonly registered = new Set<FontName>();

  private constructor(
    private readonly doc: PDFKit.PDFDocument,
    private readonly out: Writable,
    private readonly done: Promise<void>,
    private readonly footer: (page: number) => string,
  ) {}

  static async open(
    out: Writable,
    title: string,
    footer: (page: number) => string,
  ): Promise<PdfPages> {
    // Loaded on the first PDF export: pdfkit and its font data add ~25 MB to every process otherwise.
    const { default: PDFDocument } = await import('pdfkit');
    const doc = new PDFDocument({
      size: 'A4',
      margin: MARGIN,
      autoFirstPage: false,
      info: { Title: title },
    });
    const pages = new PdfPages(doc, out, pipeline(doc, out), footer);
    pages.newPage();
    return pages;
  }

  private get left(): number {
    return MARGIN;
  }

  private get width(): number {
    return this.doc.page.width - 2 * MARGIN;
  }

  private get bottom(): number {
    return this.doc.page.height - MARGIN;
  }

  /** A paragraph (newlines start new ones), wrapped to the page and broken across pages. */
  text(text: string, style: TextStyle): void {
    const base = style.font ?? 'latin';
    const indent = style.indent ?? 0;
    this.y += style.before ?? 0;
    for (const paragraph of text.split(/\r\n|\r|\n/)) {
      const direction = paragraphDirection(paragraph);
      const width = this.width - indent;
      for (const line of breakLines(paragraph, width, (t) => this.measure(t, base, style.size))) {
        const height = style.size * LINE_HEIGHT;
        if (this.y + height > this.bottom) this.newPage();
        this.y += height;
        const x = direction === 'rtl' ? this.left : this.left + indent;
        this.line(line, direction, x, width, this.y - style.size * 0.4, style, base);
      }
    }
  }

  /** Lets a slow reader catch up: pdfkit writes pages as they fill and ignores backpressure. */
  async drain(): Promise<void> {
    if (this.out.writableNeedDrain)
      await Promise.race([once(this.out, 'drain'), once(this.out, 'close')]);
  }

  async end(): Promise<void> {
    this.doc.end();
    await this.done;
  }

  private newPage(): void {
    this.doc.addPage();
    this.page += 1;
    this.y = MARGIN;
    const style: TextStyle = { size: FOOTER_SIZE, color: '#555555' };
    const footer = this.footer(this.page);
    const direction = paragraphDirection(footer);
    this.line(footer, direction, this.left, this.width, this.bottom + 24, style, 'latin');
  }

  /** One line at baseline `y`, its runs in visual order, aligned by the paragraph's direction. */
  private line(
    line: string,
    direction: 'ltr' | 'rtl',
    x: number,
    width: number,
    y: number,
    style: TextStyle,
    base: FontName,
  ): void {
    const runs = visualLine(line, direction, base, fontCovers);
    const widths = runs.map((r) => this.use(r.font, style.size).widthOfString(r.text));
    const total = widths.reduce((a, b) => a + b, 0);
    let at = direction === 'rtl' ? x + width - total : x;
    runs.forEach((run, i) => {
      const doc = this.use(run.font, style.size).fillColor(style.color ?? 'black');
      if (run.rtl) this.rightToLeft(run.text, at + widths[i], y);
      else doc.text(run.text, at, y, { lineBreak: false, baseline: 'alphabetic' });
      at += widths[i];
    });
  }

  /**
   * A right-to-left run word by word, in reading order from `right`: extraction (pdftotext, copy
   * and paste) then gives the words back in logical order; one shaped run reads back reversed.
   */
  private rightToLeft(text: string, right: number, y: number): void {
    const space = this.doc.widthOfString(' ');
    for (const word of text.split(' ')) {
      right -= this.doc.widthOfString(word);
      if (word !== '') this.doc.text(word, right, y, { lineBreak: false, baseline: 'alphabetic' });
      right -= space;
    }
  }

  private measure(text: string, base: FontName, size: number): number {
    const fonts = fontOfEach(text, base, fontCovers);
    let width = 0;
    let start = 0;
    for (let i = 1; i <= text.length; i++) {
      if (i < text.length && fonts[i] === fonts[start]) continue;
      width += this.use(fonts[start], size).widthOfString(text.slice(start, i));
      start = i;
    }
    return width;
  }

  /** Selects a font, registering it with this document on first use (only used fonts are embedded). */
  private use(font: FontName, size: number): PDFKit.PDFDocument {
    if (!this.registered.has(font)) {
      this.doc.registerFont(font, fontBytes(font));
      this.registered.add(font);
    }
    return this.doc.font(font).fontSize(size);
  }
}
