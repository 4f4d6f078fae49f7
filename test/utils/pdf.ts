import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Runs a poppler tool on the PDF's bytes (written to a temporary file) and returns its output. */
function withPdfFile<T>(pdf: Buffer, fn: (path: string, dir: string) => T): T {
  const dir = mkdtempSync(join(tmpdir(), 'cim-pdf-'));
  try {
    const path = join(dir, 'export.pdf');
    writeFileSync(path, pdf);
    return fn(path, dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The text a reader copies out of the PDF: poppler's pdftotext, UTF-8; one page or all. */
export function pdfToText(pdf: Buffer, page?: number): string {
  return withPdfFile(pdf, (path) => {
    const pages = page === undefined ? [] : ['-f', String(page), '-l', String(page)];
    return execFileSync('pdftotext', ['-enc', 'UTF-8', ...pages, path, '-'], {
      encoding: 'utf8',
    });
  });
}

/** Number of pages (pdfinfo). */
export function pdfPageCount(pdf: Buffer): number {
  return withPdfFile(pdf, (path) => {
    const info = execFileSync('pdfinfo', [path], { encoding: 'utf8' });
    return Number(/^Pages:\s+(\d+)/m.exec(info)?.[1]);
  });
}

/** The fonts the PDF embeds (pdffonts), by base name without the subset tag. */
export function pdfFonts(pdf: Buffer): { name: string; embedded: boolean; subset: boolean }[] {
  return withPdfFile(pdf, (path) => {
    const lines = execFileSync('pdffonts', [path], { encoding: 'utf8' }).split('\n').slice(2);
    return lines
      .filter((l) => l.trim() !== '')
      .map((l) => {
        const words = l.trim().split(/\s+/);
        const [emb, sub] = words.slice(-5, -3);
        return {
          name: words[0].replace(/^[A-Z]{6}\+/, ''),
          embedded: emb === 'yes',
          subset: sub === 'yes',
        };
      });
  });
}

/** Renders one page to PNG (pdftoppm) and returns the image's bytes. */
export function pdfPagePng(pdf: Buffer, page: number, dpi = 80): Buffer {
  return withPdfFile(pdf, (path, dir) => {
    const prefix = join(dir, 'page');
    execFileSync('pdftoppm', [
      '-png',
      '-r',
      String(dpi),
      '-f',
      String(page),
      '-l',
      String(page),
      '-singlefile',
      path,
      prefix,
    ]);
    return execFileSync('cat', [`${prefix}.png`]);
  });
}
