import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { chromium, type Browser, type Page } from 'playwright-core';
import { CHROMIUM } from './utils/browser.js';
import { createTestDatabase, type TestDatabase } from './utils/database.js';
import { createTestApp, type TestApp } from './utils/test-app.js';

/**
 * Opens `url` in a fresh context and records every request the page makes. Requests leaving
 * `origin` are recorded and stopped there (nothing reaches the network), so the test fails on them
 * whether or not the machine is online.
 */
async function visit(
  browser: Browser,
  url: string,
  origin: string,
  ready: (page: Page) => Promise<unknown>,
) {
  const context = await browser.newContext();
  const requests: string[] = [];
  const errors: string[] = [];
  await context.route('**/*', (route) => {
    const target = route.request().url();
    requests.push(target);
    return target.startsWith(`${origin}/`) || target.startsWith('data:')
      ? route.continue()
      : route.abort();
  });
  const page = await context.newPage();
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(url);
  await ready(page);
  await context.close();
  return { requests, errors, outside: requests.filter((r) => !r.startsWith(`${origin}/`)) };
}

describe('/docs in a browser', () => {
  let db: TestDatabase;
  let sut: TestApp;
  let browser: Browser;
  let origin: string;

  beforeAll(async () => {
    db = await createTestDatabase();
    sut = await createTestApp({ DATABASE_URL: db.url });
    await sut.app.listen(0, '127.0.0.1');
    origin = (await sut.app.getUrl())
      .replace('[::1]', '127.0.0.1')
      .replace('localhost', '127.0.0.1');
    browser = await chromium.launch(CHROMIUM);
  });

  afterAll(async () => {
    await browser?.close();
    await sut?.close();
    await db?.drop();
  });

  it('should show every route, loading everything from the service itself', async () => {
    let operations: string[] = [];
    const seen = await visit(browser, `${origin}/docs`, origin, async (page) => {
      await page.getByText('CIM Transcript & Audit Store').first().waitFor();
      await page.locator('.opblock').first().waitFor();
      operations = await page.locator('.opblock-summary-path').allTextContents();
    });
    expect(seen.outside).toEqual([]);
    expect(seen.errors).toEqual([]);
    // The page, its script and style sheet and the document all came from the service.
    expect(seen.requests.some((r) => r.endsWith('.js'))).toBe(true);
    expect(seen.requests.some((r) => r.endsWith('.css'))).toBe(true);
    expect(operations.map((o) => o.replace(/\u200b/g, ''))).toEqual(
      expect.arrayContaining([
        '/events',
        '/events/batch',
        '/exports/transcripts',
        '/graphql',
        '/health/ready',
      ]),
    );
  });

  it('should see a request leaving the service (the check can fail)', async () => {
    const page = `data:text/html,<img src="http://cdn.example.invalid/x.png"><p>x</p>`;
    const seen = await visit(browser, page, origin, (p) => p.locator('p').waitFor());
    expect(seen.outside).toEqual(expect.arrayContaining(['http://cdn.example.invalid/x.png']));
  });
});
