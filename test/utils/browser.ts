import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';

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

/** The console as `npm run build` leaves it; built here when a clean clone has none yet. */
export function ensureConsoleBuilt(): void {
  if (existsSync(resolve(WEB_DIST, 'index.html'))) return;
  execFileSync(
    process.execPath,
    [resolve('node_modules/vite/bin/vite.js'), 'build', '--config', 'web/vite.config.ts'],
    { stdio: 'pipe' },
  );
}
