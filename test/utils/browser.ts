import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** Debian's Chromium (.ci/run installs it when missing), driven by playwright-core. */
export const CHROMIUM = {
  executablePath: '/usr/bin/chromium',
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
  ],
};

export const WEB_DIST = resolve('dist/web');

/**
 * The console as `npm run build` leaves it; built here when a clean clone has none yet or web/
 * changed since (so the browser tests never judge a stale build).
 */
export function ensureConsoleBuilt(): void {
  const index = resolve(WEB_DIST, 'index.html');
  if (existsSync(index) && newestIn(resolve('web')) <= statSync(index).mtimeMs) return;
  execFileSync(
    process.execPath,
    [resolve('node_modules/vite/bin/vite.js'), 'build', '--config', 'web/vite.config.ts'],
    { stdio: 'pipe' },
  );
}

function newestIn(dir: string): number {
  return Math.max(
    ...readdirSync(dir, { withFileTypes: true }).map((entry) => {
      const path = join(dir, entry.name);
      return entry.isDirectory() ? newestIn(path) : statSync(path).mtimeMs;
    }),
  );
}
