import { readFileSync } from 'node:fs';
import { AxeBuilder } from '@axe-core/playwright';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { CHROMIUM, ensureConsoleBuilt } from './utils/browser.js';
import { BODIES_CONVERSATION, BODY_CASES, bodiesConversation } from './utils/console-data.js';
import { createTestDatabase, type TestDatabase } from './utils/database.js';
import { conversationEvents, conversationId, hasWhispers } from './utils/read-side-data.js';
import { createTestApp, KEYS, type KeyName, type TestApp } from './utils/test-app.js';

// Functions given to page.evaluate run in the browser; the test program has no DOM library.
declare const document: {
  cookie: string;
  activeElement: { id: string; textContent: string | null } | null;
};
declare const sessionStorage: { length: number } & Record<string, string>;
declare const localStorage: Record<string, string>;
declare function getComputedStyle(element: unknown): { direction: string };

/** 25 conversations of the read-side data set (n = 0..24, hour n of 2026-01-01), then one of every body type. */
const COUNT = 25;
const WHISPER_TEXTS = ['SECRET-WHISPER', 'WHISPER-SECRET', 'Hidden Consultant'];

interface Visit {
  context: BrowserContext;
  page: Page;
  /** Every request the page made: URL, headers and body. */
  requests: { url: string; body: string; headers: Record<string, string> }[];
  responses: string[];
  outside: string[];
  problems: string[];
}

describe('supervisor console in a browser', () => {
  let db: TestDatabase;
  let sut: TestApp;
  let browser: Browser;
  let origin: string;
  const visits: Visit[] = [];

  beforeAll(async () => {
    ensureConsoleBuilt();
    db = await createTestDatabase();
    sut = await createTestApp({ DATABASE_URL: db.url });
    for (let n = 0; n < COUNT; n++)
      for (const e of conversationEvents(n)) await sut.postEvent(e).expect(201);
    for (const e of bodiesConversation()) await sut.postEvent(e).expect(201);
    await sut.app.listen(0, '127.0.0.1');
    origin = (await sut.app.getUrl())
      .replace('[::1]', '127.0.0.1')
      .replace('localhost', '127.0.0.1');
    browser = await chromium.launch(CHROMIUM);
  }, 180_000);

  afterAll(async () => {
    for (const v of visits) await v.context.close().catch(() => undefined);
    await browser?.close();
    await sut?.close();
    await db?.drop();
  });

  /** A fresh tab that records its traffic; requests to any other origin are stopped and recorded. */
  async function open(path = '/console'): Promise<Visit> {
    const context = await browser.newContext({ acceptDownloads: true });
    const visit: Visit = {
      context,
      page: null as never,
      requests: [],
      responses: [],
      outside: [],
      problems: [],
    };
    await context.route('**/*', (route) => {
      const request = route.request();
      const url = request.url();
      if (!url.startsWith(`${origin}/`)) {
        visit.outside.push(url);
        return route.abort();
      }
      visit.requests.push({ url, body: request.postData() ?? '', headers: request.headers() });
      return route.continue();
    });
    const page = await context.newPage();
    page.on('pageerror', (e) => visit.problems.push(e.message));
    page.on('console', (m) => {
      if (m.type() === 'error') visit.problems.push(m.text());
    });
    page.on('response', (r) => {
      if (r.url().endsWith('/graphql'))
        void r.text().then(
          (t) => visit.responses.push(t),
          () => undefined,
        );
    });
    visit.page = page;
    visits.push(visit);
    await page.goto(`${origin}${path}`);
    return visit;
  }

  async function signIn(page: Page, key: KeyName): Promise<void> {
    await page.getByLabel('API key').fill(KEYS[key].secret);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('button', { name: 'Sign out' }).waitFor();
  }

  const rows = (page: Page) => page.locator('table.list tbody tr');
  const listed = async (page: Page) => {
    await page.locator('table.list').waitFor();
    return page.locator('table.list tbody tr td:first-child a').allTextContents();
  };
  /** Waits until the list says how many conversations match (it keeps the old page while loading). */
  const counted = (page: Page, text: string) =>
    page.locator('.count', { hasText: new RegExp(`^${text}$`) }).waitFor();
  const transcript = (page: Page) => page.getByRole('region', { name: 'Transcript' });

  describe('files', () => {
    it('should serve the app with a strict CSP and revalidation, its assets cached for good', async () => {
      const page = await sut.http().get('/console').expect(200);
      expect(page.headers['content-type']).toMatch(/^text\/html/);
      expect(page.headers['cache-control']).toBe('no-cache');
      const csp = page.headers['content-security-policy'];
      expect(csp).toContain("default-src 'self'");
      expect(csp).toContain("script-src 'self'");
      expect(csp).not.toContain('unsafe');
      const script = /src="(\/console\/assets\/[^"]+\.js)"/.exec(page.text)?.[1];
      expect(script).toBeDefined();
      const asset = await sut
        .http()
        .get(script ?? '')
        .set('Accept-Encoding', 'gzip')
        .expect(200);
      expect(asset.headers['cache-control']).toBe('public, max-age=31536000, immutable');
      expect(asset.headers['content-type']).toMatch(/^text\/javascript/);
      expect(asset.headers['content-encoding']).toBe('gzip');
    });

    it('should answer index.html for deep links and 404 for a missing file', async () => {
      const deep = await sut.http().get('/console/conversations/abc').expect(200);
      expect(deep.text).toContain('<div id="root">');
      await sut.http().get('/console/assets/nope.js').expect(404);
      await sut.http().get('/console/..%2fpackage.json').expect(404);
      // No key is needed for the page itself; every call it makes needs one.
      await sut.http().post('/graphql').send({ query: '{ viewer { name } }' }).expect(401);
    });
  });

  describe('sign-in', () => {
    it('should keep the key in sessionStorage only, never in a URL, and sign out', async () => {
      const { page, requests } = await open();
      await signIn(page, 'agent');
      await page.getByRole('heading', { name: 'Conversations' }).waitFor();
      const stored = await page.evaluate(() => ({
        session: Object.values(sessionStorage),
        local: Object.keys(localStorage).length,
        cookie: document.cookie,
      }));
      // The key, and its name and scopes to draw the page at once after a reload.
      expect(stored).toEqual({
        session: expect.arrayContaining([KEYS.agent.secret]),
        local: 0,
        cookie: '',
      });
      expect(stored.session).toHaveLength(2);
      await page.reload();
      await page.getByRole('heading', { name: 'Conversations' }).waitFor();
      const graphql = requests.filter((r) => r.url.endsWith('/graphql'));
      expect(graphql.length).toBeGreaterThan(0);
      expect(graphql.every((r) => r.headers.authorization === `Bearer ${KEYS.agent.secret}`)).toBe(
        true,
      );
      expect(requests.filter((r) => r.url.includes(KEYS.agent.secret))).toEqual([]);
      await page.getByRole('button', { name: 'Sign out' }).click();
      await page.getByLabel('API key').waitFor();
      expect(await page.evaluate(() => sessionStorage.length)).toBe(0);
    });

    it('should say so when the key is unknown', async () => {
      const { page } = await open();
      await page.getByLabel('API key').fill('not-a-key-0123456789');
      await page.getByRole('button', { name: 'Sign in' }).click();
      await expect(page.getByRole('alert').textContent()).resolves.toContain(
        'does not know this API key',
      );
    });

    it('should tell a key without a read scope that it can read nothing', async () => {
      const { page } = await open();
      await signIn(page, 'writer');
      await expect(page.getByRole('alert').textContent()).resolves.toContain('no read scope');
      expect(await page.getByRole('link', { name: 'Conversations' }).count()).toBe(0);
    });
  });

  describe('conversation list', () => {
    it('should page newest first and come back with the back button', async () => {
      const { page } = await open();
      await signIn(page, 'agent');
      const first = await listed(page);
      const newestFirst = [
        BODIES_CONVERSATION,
        ...Array.from({ length: 19 }, (_, i) => conversationId(COUNT - 1 - i)),
      ];
      expect(first).toEqual(newestFirst);
      await expect(page.locator('.count').textContent()).resolves.toBe(
        `${COUNT + 1} conversations`,
      );
      await page.getByRole('button', { name: 'Older' }).click();
      await page.getByRole('link', { name: conversationId(0) }).waitFor();
      expect(await listed(page)).toEqual(
        Array.from({ length: 6 }, (_, i) => conversationId(5 - i)),
      );
      expect(await page.getByRole('button', { name: 'Older' }).isDisabled()).toBe(true);
      await page.getByRole('button', { name: 'Newer' }).click();
      await page.getByRole('link', { name: BODIES_CONVERSATION }).waitFor();
      expect(await listed(page)).toEqual(newestFirst);
      await page.goBack();
      await page.getByRole('link', { name: conversationId(0) }).waitFor();
      await page.goBack();
      await page.getByRole('link', { name: BODIES_CONVERSATION }).waitFor();
      expect(await listed(page)).toEqual(newestFirst);
    });

    it('should show counts per row, whispers included for an agent key', async () => {
      const { page } = await open();
      await signIn(page, 'agent');
      await listed(page);
      const row = rows(page).filter({ has: page.getByRole('link', { name: conversationId(22) }) });
      // Customer, bot and agent messages; whispers A, B and the late one.
      await expect(row.locator('td').allTextContents()).resolves.toEqual([
        conversationId(22),
        expect.stringMatching(/^2026-01-01 /),
        expect.any(String),
        expect.any(String),
        expect.any(String),
        '6',
        '3',
      ]);
    });

    it('should filter by whispers and by time range, in the URL', async () => {
      const { page } = await open();
      await signIn(page, 'agent');
      await listed(page);
      await page.getByLabel('Whispers').selectOption('no');
      await page.getByRole('button', { name: 'Apply filters' }).click();
      await page.waitForURL(/whispers=no/);
      await counted(page, '6 conversations');
      const without = Array.from({ length: COUNT }, (_, n) => n).filter((n) => !hasWhispers(n));
      expect(await listed(page)).toEqual(without.reverse().map(conversationId));

      await page.getByLabel('Whispers').selectOption('');
      await page.getByLabel('From (UTC)').fill('2026-01-01T03:00');
      await page.getByLabel('To (UTC)').fill('2026-01-01T05:00');
      await page.getByRole('button', { name: 'Apply filters' }).click();
      await page.waitForURL(/from=2026-01-01T03%3A00/);
      // Conversation n runs from hour n for 600 + 60n s: only n = 3 and 4 overlap 03:00-05:00.
      await counted(page, '2 conversations');
      await expect(listed(page)).resolves.toEqual([conversationId(4), conversationId(3)]);
      await page.goBack();
      await page.waitForURL(/whispers=no/);
      await counted(page, '6 conversations');
    });
  });

  describe('a conversation', () => {
    it('should open from a deep link and go back to the list with the back button', async () => {
      const { page } = await open();
      await signIn(page, 'agent');
      await listed(page);
      await page.goto(`${origin}/console/conversations/${conversationId(1)}`);
      await transcript(page).waitFor();
      await expect(transcript(page).textContent()).resolves.toContain('Customer asks question 1');
      await page.getByRole('link', { name: 'Conversations' }).first().click();
      await listed(page);
      await page.goBack();
      await expect(transcript(page).textContent()).resolves.toContain('Customer asks question 1');
    });

    it('should render every body type, right-to-left text as such and unsafe links as text', async () => {
      const { page, problems, outside } = await open(
        `/console/conversations/${BODIES_CONVERSATION}`,
      );
      await signIn(page, 'agent');
      const messages = transcript(page).locator('li.message');
      await messages.first().waitFor();
      await expect(messages.count()).resolves.toBe(BODY_CASES.length);
      for (const [i, c] of BODY_CASES.entries()) {
        const message = messages.nth(i);
        const text = (await message.textContent()) ?? '';
        for (const shown of c.shows)
          expect({ label: c.label, text }).toEqual({
            label: c.label,
            text: expect.stringContaining(shown),
          });
        if (c.rtl) {
          const direction = await message
            .locator('p.text')
            .evaluate((e) => getComputedStyle(e).direction);
          expect(direction).toBe('rtl');
        }
        if (c.link) {
          await expect(
            message.getByRole('link', { name: c.link.name }).getAttribute('href'),
          ).resolves.toBe(c.link.href);
        }
        if (c.noLink) expect(await message.getByRole('link', { name: c.noLink }).count()).toBe(0);
        const badge = await message.locator('.badge').allTextContents();
        expect(badge).toEqual(c.whisper ? ['Whisper'] : c.agentOnly ? ['Agent-only'] : []);
      }
      expect(outside).toEqual([]);
      expect(problems).toEqual([]);
    });

    it('should show the timeline and collaboration beside the transcript', async () => {
      const { page } = await open(`/console/conversations/${BODIES_CONVERSATION}`);
      await signIn(page, 'agent');
      const timeline = page.getByRole('region', { name: 'Timeline' });
      await expect(timeline.textContent()).resolves.toContain('Sara Ali joined as ASSISTANT');
      await expect(timeline.textContent()).resolves.toContain('Session started');
      const collaboration = page.getByRole('region', { name: 'Collaboration' });
      await expect(collaboration.textContent()).resolves.toContain(
        'Sara Ali whispered 1× to Raza Khan',
      );
      // The whisper is the 4th message (t = 70 s), the first customer message at 10 s.
      await expect(collaboration.textContent()).resolves.toContain(
        'Time to first consult: 1 min 0 s',
      );
    });

    it('should show exactly what the customer saw in the customer view, from the CUSTOMER view', async () => {
      const { page, requests } = await open(`/console/conversations/${BODIES_CONVERSATION}`);
      await signIn(page, 'agent');
      await expect(transcript(page).textContent()).resolves.toContain('WHISPER-SECRET');
      const before = requests.length;
      await page.getByRole('button', { name: 'Customer view', exact: true }).click();
      await page.waitForURL(/view=customer/);
      await expect(
        page
          .getByRole('button', { name: 'Customer view', exact: true })
          .getAttribute('aria-pressed'),
      ).resolves.toBe('true');
      await page.getByRole('heading', { name: 'Transcript (customer view)' }).waitFor();
      const visible = BODY_CASES.filter((c) => !c.whisper && !c.agentOnly);
      await expect(transcript(page).locator('li.message').count()).resolves.toBe(visible.length);
      const text = (await transcript(page).textContent()) ?? '';
      expect(text).not.toContain('Whisper');
      expect(text).not.toContain('WHISPER-SECRET');
      expect(text).not.toContain('Customer satisfied');
      // Nothing of the agents' side beside it either.
      const html = await page.content();
      for (const secret of [...WHISPER_TEXTS, 'whispered', 'Customer satisfied'])
        expect(html).not.toContain(secret);
      expect(await page.getByRole('region', { name: 'Collaboration' }).count()).toBe(0);
      const asked = requests
        .slice(before)
        .filter((r) => r.url.endsWith('/graphql') && r.body.includes('Conversation('));
      expect(asked.map((r) => JSON.parse(r.body).variables.view)).toContain('CUSTOMER');
    });

    it('should verify the audit chain and show original events to an audit key', async () => {
      const { page } = await open(`/console/conversations/${BODIES_CONVERSATION}`);
      await signIn(page, 'admin');
      await expect(page.getByTestId('audit-result').textContent()).resolves.toMatch(
        /^Verified: all \d+ stored events/,
      );
      const first = transcript(page).locator('li.message').first();
      await first.getByText('Original event').click();
      await expect(first.locator('pre').textContent()).resolves.toContain('"id": "bodies-0"');
    });

    it('should download every export with the key in a header, never in the URL', async () => {
      const { page, requests } = await open(`/console/conversations/${BODIES_CONVERSATION}`);
      await signIn(page, 'agent');
      await transcript(page).waitFor();
      const buttons = page.getByRole('group', { name: 'Export' }).getByRole('button');
      await expect(buttons.allTextContents()).resolves.toEqual(
        ['agent', 'customer'].flatMap((v) =>
          ['JSON', 'CSV', 'TXT', 'PDF'].map((f) => `${f} (${v} view)`),
        ),
      );
      const files: Record<string, string> = {};
      for (const label of ['CSV (agent view)', 'CSV (customer view)', 'PDF (customer view)']) {
        const [download] = await Promise.all([
          page.waitForEvent('download'),
          page.getByRole('button', { name: label }).click(),
        ]);
        files[label] = readFileSync((await download.path()) ?? '', 'utf8');
      }
      expect(files['CSV (agent view)']).toContain('WHISPER-SECRET');
      expect(files['CSV (customer view)']).toContain('مرحبا، أين طلبي؟');
      expect(files['CSV (customer view)']).not.toContain('WHISPER-SECRET');
      expect(files['PDF (customer view)'].startsWith('%PDF')).toBe(true);
      const exports = requests.filter((r) => r.url.includes('/exports/'));
      expect(exports).toHaveLength(3);
      for (const r of exports) {
        expect(r.url).not.toContain(KEYS.agent.secret);
        expect(r.headers.authorization).toBe(`Bearer ${KEYS.agent.secret}`);
      }
    });
  });

  describe('a customer-only key', () => {
    it('should never ask for the AGENT view nor receive a whisper', async () => {
      const visit = await open();
      const { page } = visit;
      await signIn(page, 'customer');
      await listed(page);
      expect(await page.getByRole('columnheader', { name: 'Whispers' }).count()).toBe(0);
      for (const id of [BODIES_CONVERSATION, conversationId(22)]) {
        await page.getByRole('link', { name: id }).click();
        await transcript(page).locator('li.message').first().waitFor();
        expect(await page.getByRole('button', { name: 'Customer view', exact: true }).count()).toBe(
          0,
        );
        const html = await page.content();
        for (const secret of WHISPER_TEXTS) expect(html).not.toContain(secret);
        expect(html).not.toContain('Whisper');
        await page.goBack();
        await listed(page);
      }
      const graphql = visit.requests.filter((r) => r.url.endsWith('/graphql'));
      expect(graphql.length).toBeGreaterThan(3);
      for (const r of graphql) {
        const { query, variables } = JSON.parse(r.body);
        expect(JSON.stringify(variables)).not.toContain('AGENT');
        expect(query).not.toMatch(/AGENT|timeline|conversationCollaboration|originalEvent/);
        // The list's whisper column is asked for only with this variable on.
        if (query.includes('whisperCount')) expect(variables.withWhispers).toBe(false);
      }
      expect(visit.responses.length).toBeGreaterThan(3);
      for (const body of visit.responses)
        for (const secret of WHISPER_TEXTS) expect(body).not.toContain(secret);
      expect(visit.problems).toEqual([]);
    });
  });

  describe('reports dashboard', () => {
    const range = { from: '2026-01-01T00:00:00.000Z', to: '2026-01-03T00:00:00.000Z' };

    async function csvOf(page: Page, title: string): Promise<string[][]> {
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('button', { name: `Download CSV of ${title}` }).click(),
      ]);
      const text = readFileSync((await download.path()) ?? '', 'utf8');
      return text
        .trim()
        .split('\r\n')
        .map((line) => line.split(','));
    }

    it('should draw the charts lazily and download data that matches the API', async () => {
      const { page, requests, problems, outside } = await open();
      await signIn(page, 'reports');
      const scriptsBefore = requests.filter((r) => r.url.endsWith('.js')).length;
      expect(requests.some((r) => /dashboard-.*\.js$/.test(r.url))).toBe(false);
      await page.getByRole('link', { name: 'Reports', exact: true }).click();
      await page.getByLabel('From (UTC day)').fill('2026-01-01');
      await page.getByLabel('To (UTC day, included)').fill('2026-01-02');
      await page.getByRole('button', { name: 'Show' }).click();
      await page.getByTestId('chart-volume').locator('svg').first().waitFor();
      expect(requests.filter((r) => r.url.endsWith('.js')).length).toBeGreaterThan(scriptsBefore);
      for (const id of ['volume', 'visibility', 'first-response', 'handle-time', 'whispers'])
        await page
          .getByTestId(`chart-${id}`)
          .locator('svg path')
          .first()
          .waitFor({ state: 'attached' });

      const api = await sut.graphql(
        `query ($from: DateTime!, $to: DateTime!) {
          conversationReport(from: $from, to: $to) { bucket conversations messages customerVisibleMessages agentOnlyMessages }
          whispersByAgent(from: $from, to: $to) { whispers agent { id name } }
        }`,
        range,
        'reports',
      );
      const report = api.body.data.conversationReport as any[];
      const days = [...new Set(report.map((r) => r.bucket as string))].sort();
      const total = (day: string, field: string) =>
        report.filter((r) => r.bucket === day).reduce((n, r) => n + r[field], 0);
      expect(
        await csvOf(page, 'Conversations and messages per day (summed over channels)'),
      ).toEqual([
        ['bucket', 'conversations', 'messages'],
        ...days.map((d) => [d, String(total(d, 'conversations')), String(total(d, 'messages'))]),
      ]);
      expect(await csvOf(page, 'Customer-visible and agent-only messages')).toEqual([
        ['bucket', 'customer-visible', 'agent-only'],
        ...days.map((d) => [
          d,
          String(total(d, 'customerVisibleMessages')),
          String(total(d, 'agentOnlyMessages')),
        ]),
      ]);
      const perAgent = new Map<string, number>();
      for (const w of api.body.data.whispersByAgent) {
        const name = w.agent.name ? `${w.agent.name} (${w.agent.id})` : w.agent.id;
        perAgent.set(name, (perAgent.get(name) ?? 0) + w.whispers);
      }
      const whispers = await csvOf(page, 'Whispers per agent');
      expect(whispers[0]).toEqual(['agent', 'whispers']);
      expect(new Map(whispers.slice(1).map(([a, n]) => [a, Number(n)]))).toEqual(perAgent);
      expect(perAgent.size).toBeGreaterThan(1);
      // The same numbers in the chart's data table.
      await page.getByText('Data', { exact: false }).first().click();
      const cells = await page
        .getByTestId('data-volume')
        .locator('tbody tr')
        .first()
        .locator('td')
        .allTextContents();
      expect(cells).toEqual([
        days[0],
        String(total(days[0], 'conversations')),
        String(total(days[0], 'messages')),
      ]);
      expect(outside).toEqual([]);
      expect(problems).toEqual([]);
    });
  });

  describe('access log', () => {
    it('should list the agent reads for an audit key', async () => {
      const { page } = await open('/console/access-log');
      await signIn(page, 'audit');
      await page.getByRole('heading', { name: 'Access log' }).waitFor();
      await page.locator('table.list tbody tr').first().waitFor();
      const operations = await page
        .locator('table.list tbody tr td:nth-child(3)')
        .allTextContents();
      expect(operations).toEqual(expect.arrayContaining(['graphql:conversations']));
    });
  });

  describe('keyboard and accessibility', () => {
    it('should sign in, open a conversation and switch to the customer view with the keyboard only', async () => {
      const { page } = await open();
      await page.getByLabel('API key').waitFor();
      await page.keyboard.press('Tab');
      expect(await page.evaluate(() => document.activeElement?.id)).toBe('api-key');
      await page.keyboard.type(KEYS.agent.secret);
      await page.keyboard.press('Enter');
      await listed(page);
      const focusedText = () => page.evaluate(() => document.activeElement?.textContent ?? '');
      for (let i = 0; i < 40 && (await focusedText()) !== BODIES_CONVERSATION; i++)
        await page.keyboard.press('Tab');
      expect(await focusedText()).toBe(BODIES_CONVERSATION);
      await page.keyboard.press('Enter');
      await transcript(page).waitFor();
      for (let i = 0; i < 40 && (await focusedText()) !== 'Customer view'; i++)
        await page.keyboard.press('Tab');
      await page.keyboard.press('Space');
      await page.waitForURL(/view=customer/);
      expect(
        await page
          .getByRole('button', { name: 'Customer view', exact: true })
          .getAttribute('aria-pressed'),
      ).toBe('true');
    });

    it('should have no serious or critical axe violation on any page', async () => {
      // axe walks every node of five pages: slow on a busy 2-core machine.
      const found: Record<string, string[]> = {};
      const check = async (page: Page, name: string) => {
        const result = await new AxeBuilder({ page }).analyze();
        found[name] = result.violations
          .filter((v) => v.impact === 'serious' || v.impact === 'critical')
          .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(' | ')}`);
      };
      const { page } = await open();
      await page.getByLabel('API key').waitFor();
      await check(page, 'sign-in');
      await signIn(page, 'admin');
      await listed(page);
      await check(page, 'list');
      await page.getByRole('link', { name: BODIES_CONVERSATION }).click();
      await page.getByRole('region', { name: 'Collaboration' }).waitFor();
      await page.getByTestId('audit-result').waitFor();
      await check(page, 'conversation');
      await page.getByRole('link', { name: 'Reports', exact: true }).click();
      await page
        .getByTestId('chart-volume')
        .locator('svg')
        .first()
        .waitFor()
        .catch(() => undefined);
      await page.getByRole('heading', { name: 'Reports' }).waitFor();
      await check(page, 'reports');
      await page.getByRole('link', { name: 'Access log', exact: true }).click();
      await page.locator('table.list').waitFor();
      await check(page, 'access log');
      expect(found).toEqual({
        'sign-in': [],
        list: [],
        conversation: [],
        reports: [],
        'access log': [],
      });
    }, 240_000);
  });

  describe('GraphQL IDE', () => {
    it('should load GraphiQL from the service with the console key', async () => {
      const { page, outside, requests, problems } = await open();
      await signIn(page, 'agent');
      await page.goto(`${origin}/console/graphiql`);
      await page.locator('.graphiql-container').waitFor();
      // The schema comes bundled (no introspection); the default query asks for the viewer.
      await page.locator('.graphiql-query-editor .view-lines', { hasText: 'viewer' }).waitFor();
      const answered = page.waitForResponse(
        (r) => r.url().endsWith('/graphql') && (r.request().postData() ?? '').includes('viewer'),
      );
      await page.getByRole('button', { name: /Execute query/i }).click();
      const answer = await (await answered).json();
      expect(answer.data.viewer).toEqual({ name: KEYS.agent.name, scopes: KEYS.agent.scopes });
      expect(outside).toEqual([]);
      expect(problems).toEqual([]);
      const graphql = requests.filter((r) => r.url.endsWith('/graphql'));
      expect(graphql.every((r) => r.headers.authorization === `Bearer ${KEYS.agent.secret}`)).toBe(
        true,
      );
    });
  });
});
