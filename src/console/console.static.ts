import { existsSync, readFileSync, statSync } from 'node:fs';
import { extname, resolve, sep } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

export const CONSOLE_PATH = '/console';

/**
 * The console's Content-Security-Policy: everything from this origin, no inline script or style,
 * no framing. Inline `style` attributes set through the DOM (React, ECharts) are not affected.
 */
export const CONSOLE_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "worker-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/**
 * GraphiQL's editor (Monaco) adds <style> elements at run time for its themes and its style sheet
 * embeds fonts as data: URLs, so its page alone allows inline styles and data: fonts; scripts stay
 * same-origin only.
 */
export const GRAPHIQL_CSP = CONSOLE_CSP.replace(
  "style-src 'self'",
  "style-src 'self' 'unsafe-inline'",
).replace("font-src 'self'", "font-src 'self' data:");

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.map': 'application/json',
  '.txt': 'text/plain; charset=utf-8',
};
const COMPRESSIBLE = new Set(['.html', '.js', '.css', '.json', '.svg', '.map', '.txt', '.ttf']);

interface CachedFile {
  body: Buffer;
  gzipped: Buffer | null;
  type: string;
}

/**
 * Serves the built console (web/, built into `dir` by `npm run build`) at /console: files as they
 * are, content-hashed assets cached for a year, pages revalidated every time, and every other
 * /console path answered with the app's index.html so deep links load the app. Plain routes of the
 * HTTP platform like /docs: the page needs no key, every API call it makes does.
 */
export function serveConsole(fastify: FastifyInstance, dir: string): void {
  const root = resolve(dir);
  const cache = new Map<string, CachedFile | null>();
  const load = (file: string): CachedFile | null => {
    if (!cache.has(file)) cache.set(file, readFileOnce(root, file));
    return cache.get(file) ?? null;
  };
  const handler = (request: FastifyRequest, reply: FastifyReply) => {
    const path = (request.params as { '*'?: string })['*'] ?? '';
    const asset = path === '' ? null : load(path);
    if (asset) return send(request, reply, asset, immutable(path));
    if (/^assets\//.test(path) || extname(path) !== '') {
      return reply.code(404).type('text/plain; charset=utf-8').send('Not found');
    }
    const page =
      path === 'graphiql' || path.startsWith('graphiql/') ? 'graphiql.html' : 'index.html';
    const html = load(page);
    if (!html) {
      return reply
        .code(503)
        .type('text/plain; charset=utf-8')
        .send(`The console is not built in ${root}: run npm run build`);
    }
    void reply.header(
      'Content-Security-Policy',
      page === 'graphiql.html' ? GRAPHIQL_CSP : CONSOLE_CSP,
    );
    return send(request, reply, html, false);
  };
  fastify.get(CONSOLE_PATH, handler);
  fastify.get(`${CONSOLE_PATH}/*`, handler);
}

function readFileOnce(root: string, path: string): CachedFile | null {
  const file = resolve(root, path);
  if (!file.startsWith(root + sep) || !existsSync(file) || !statSync(file).isFile()) return null;
  const body = readFileSync(file);
  const ext = extname(file);
  return {
    body,
    type: TYPES[ext] ?? 'application/octet-stream',
    gzipped: COMPRESSIBLE.has(ext) && body.length > 1024 ? gzipSync(body) : null,
  };
}

/** Vite names built assets after their content: they never change under the same name. */
function immutable(path: string): boolean {
  return path.startsWith('assets/');
}

function send(request: FastifyRequest, reply: FastifyReply, file: CachedFile, forever: boolean) {
  void reply
    .header('Content-Type', file.type)
    .header('Cache-Control', forever ? 'public, max-age=31536000, immutable' : 'no-cache')
    .header('X-Content-Type-Options', 'nosniff')
    .header('Referrer-Policy', 'no-referrer')
    .header('Vary', 'Accept-Encoding');
  if (!reply.hasHeader('Content-Security-Policy')) {
    void reply.header('Content-Security-Policy', CONSOLE_CSP);
  }
  const gzip = file.gzipped && /\bgzip\b/.test(String(request.headers['accept-encoding'] ?? ''));
  if (gzip && file.gzipped) return reply.header('Content-Encoding', 'gzip').send(file.gzipped);
  return reply.send(file.body);
}
