// `npm run console:screenshots`: regenerates docs/screenshots/*.png (README, "Supervisor console")
// from the built service with demo data (scripts/console-demo.mjs) in Debian's Chromium.
import { mkdirSync } from 'node:fs';
import { chromium } from 'playwright-core';
import { KEYS, startDemo } from './console-demo.mjs';

const OUT = 'docs/screenshots';
const demo = await startDemo({ conversations: 40, longMessages: 60 });
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox'],
});
try {
  mkdirSync(OUT, { recursive: true });
  const page = await browser.newPage({
    viewport: { width: 1440, height: 900 },
    deviceScaleFactor: 1,
  });
  const signIn = async (key) => {
    await page.goto(`${demo.url}/console`);
    await page.getByLabel('API key').fill(KEYS[key].secret);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('button', { name: 'Sign out' }).waitFor();
  };
  const shoot = async (name, fullPage = false) => {
    await page.screenshot({ path: `${OUT}/${name}.png`, fullPage });
    console.log(`${OUT}/${name}.png`);
  };

  await signIn('admin');
  await page.locator('table.list tbody tr').first().waitFor();
  await shoot('console-list');

  await page.getByRole('link', { name: demo.showcase }).click();
  await page.getByRole('region', { name: 'Collaboration' }).waitFor();
  await page.getByTestId('audit-result').waitFor();
  await shoot('console-conversation-agent', true);

  await page.getByRole('button', { name: 'Customer view', exact: true }).click();
  await page.getByRole('heading', { name: 'Transcript (customer view)' }).waitFor();
  // A fresh load, so the full-page picture is as tall as this view and no taller.
  await page.reload();
  await page.getByTestId('audit-result').waitFor();
  await shoot('console-conversation-customer', true);

  await page.getByRole('link', { name: 'Reports', exact: true }).click();
  await page.getByTestId('chart-whispers').locator('svg').waitFor();
  await page.waitForTimeout(300);
  await shoot('console-dashboard', true);
} finally {
  await browser.close();
  await demo.stop();
}
