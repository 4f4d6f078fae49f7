// `npm run console:figures`: how fast the console is, on the built service with demo data.
// - time until a 1,000-message conversation is readable: from navigation start to the last message
//   in the DOM, median of 5 loads (goal < 1 s);
// - JavaScript shipped, gzipped, before the lazily loaded charts (goal < 250 KB).
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { chromium } from 'playwright-core';
import { KEYS, startDemo } from './console-demo.mjs';

const MESSAGES = 1000;
const demo = await startDemo({ conversations: 20, longMessages: MESSAGES });
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox'],
});
try {
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  const scripts = new Set();
  page.on('request', (r) => {
    if (r.url().endsWith('.js')) scripts.add(new URL(r.url()).pathname);
  });
  await page.goto(`${demo.url}/console`);
  await page.getByLabel('API key').fill(KEYS.agent.secret);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.locator('table.list tbody tr').first().waitFor();
  await page.getByRole('link', { name: demo.long }).click();
  await page
    .locator('li.message')
    .nth(MESSAGES - 1)
    .waitFor();

  const gzipped = [...scripts].map((path) => {
    const file = readFileSync(`dist/web/${path.replace(/^\/console\//, '')}`);
    return { path, raw: file.length, gzip: gzipSync(file).length };
  });
  const times = [];
  for (let i = 0; i < 5; i++) {
    await page.goto(`${demo.url}/console/conversations/${demo.long}`);
    await page.waitForFunction(
      (n) => document.querySelectorAll('li.message').length >= n,
      MESSAGES,
      {
        polling: 'raf',
        timeout: 30_000,
      },
    );
    times.push(await page.evaluate(() => performance.now()));
  }
  times.sort((a, b) => a - b);
  const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
  console.log(
    `Conversation of ${MESSAGES} messages readable after: ${Math.round(times[2])} ms (median of 5; runs ${times.map(Math.round).join(', ')} ms; goal < 1000 ms)`,
  );
  console.log(
    `JavaScript before the charts: ${kb(gzipped.reduce((n, f) => n + f.gzip, 0))} gzipped, ${kb(gzipped.reduce((n, f) => n + f.raw, 0))} raw (goal < 250 KB gzipped)`,
  );
  for (const f of gzipped) console.log(`  ${f.path}: ${kb(f.gzip)} gzipped`);
} finally {
  await browser.close();
  await demo.stop();
}
