import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createTestDatabase, truncateData, type TestDatabase } from './utils/database.js';
import { messageEvent } from './utils/events.js';
import { FIXTURE_NAMES, loadFixture } from './utils/fixtures.js';
import { buildService } from './utils/server-process.js';
import { createTestApp, TRANSCRIPT_QUERY, type TestApp } from './utils/test-app.js';

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
  /** The last line of standard output: the counts. */
  summary: string;
}

/** The built CLI as users run it (`npm run import` runs dist/tools/import.js). */
function runImport(dir: string, args: string[], env: Record<string, string>, stdin?: string) {
  return new Promise<Run>((resolve, reject) => {
    const child = spawn(process.execPath, [join(dir, 'tools/import.js'), ...args], {
      env: { PATH: process.env.PATH, ...env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.stdin.end(stdin ?? '');
    child.on('exit', (code) =>
      resolve({ code, stdout, stderr, summary: stdout.trimEnd().split('\n').at(-1) ?? '' }),
    );
  });
}

const ndjson = (events: unknown[]) => events.map((e) => JSON.stringify(e)).join('\n') + '\n';

/** Real fixtures and message events over two conversations. */
function history(): Record<string, unknown>[] {
  const fixtures = FIXTURE_NAMES.map((name) => loadFixture(name) as Record<string, unknown>);
  const messages = Array.from({ length: 20 }, (_, i) =>
    messageEvent(`import-${i}`, { conversationId: i % 2 ? 'conv-import-a' : 'conv-import-b' }),
  );
  return [...fixtures, ...(messages as Record<string, unknown>[])];
}

describe('npm run import', () => {
  let build: ReturnType<typeof buildService>;
  let db: TestDatabase;
  let work: string;
  let env: Record<string, string>;
  const events = history();

  beforeAll(async () => {
    build = buildService();
    db = await createTestDatabase();
    work = mkdtempSync(join(tmpdir(), 'cim-import-'));
    env = { DATABASE_URL: db.url };
  }, 180_000);

  afterAll(async () => {
    build.remove();
    rmSync(work, { recursive: true, force: true });
    await db.drop();
  });

  const file = (name: string, content: string | Buffer) => {
    const path = join(work, name);
    writeFileSync(path, content);
    return path;
  };

  describe('formats', () => {
    it.each([
      ['NDJSON', 'events.ndjson', () => ndjson(events)],
      ['a JSON array', 'events.json', () => JSON.stringify(events, null, 2)],
      ['gzip by name', 'events.ndjson.gz', () => gzipSync(ndjson(events))],
    ])('should create every event of %s and exit 0', async (_label, name, content) => {
      await truncateData(db.url);
      const sut = await runImport(build.dir, [file(name, content())], env);
      expect(sut.summary).toBe(`${events.length} created, 0 duplicate, 0 conflict, 0 invalid`);
      expect(sut.code).toBe(0);
      expect(sut.stderr).toMatch(/^progress: \d+ events, /m);
    });

    it('should read standard input when the file is -', async () => {
      await truncateData(db.url);
      const sut = await runImport(build.dir, ['-'], env, ndjson(events));
      expect(sut.summary).toBe(`${events.length} created, 0 duplicate, 0 conflict, 0 invalid`);
      expect(sut.code).toBe(0);
    });
  });

  describe('redelivery', () => {
    it('should count everything as duplicate and exit 0 when the same file is imported again', async () => {
      await truncateData(db.url);
      const path = file('again.ndjson', ndjson(events));
      expect((await runImport(build.dir, [path], env)).code).toBe(0);
      const sut = await runImport(build.dir, [path], env);
      expect(sut.summary).toBe(`0 created, ${events.length} duplicate, 0 conflict, 0 invalid`);
      expect(sut.code).toBe(0);
    });

    it('should count a changed redelivery as a conflict, name its line and exit 1', async () => {
      await truncateData(db.url);
      const original = messageEvent('conflicting');
      expect((await runImport(build.dir, [file('one.ndjson', ndjson([original]))], env)).code).toBe(
        0,
      );
      const changed = { ...original, timestamp: original.timestamp + 1 };
      const sut = await runImport(
        build.dir,
        [file('changed.ndjson', ndjson([messageEvent('other'), changed]))],
        env,
      );
      expect(sut.summary).toBe('1 created, 0 duplicate, 1 conflict, 0 invalid');
      expect(sut.stderr).toContain(
        `line 2: conflict: Event ${String(original.id)} was already stored with different content`,
      );
      expect(sut.code).toBe(1);
    });
  });

  describe('invalid events', () => {
    let app: TestApp;
    const missingId = { ...messageEvent('no-id'), id: undefined };
    const notJson = '{"id": "broken", ';

    beforeAll(async () => {
      app = await createTestApp({ DATABASE_URL: db.url });
    });
    afterAll(() => app.close());

    /** What `POST /events` answers for the same body. */
    async function reasonOf400(body: string): Promise<string> {
      const res = await app
        .http()
        .post('/events')
        .set('Authorization', 'Bearer writer-secret-0123456789')
        .set('Content-Type', 'application/json')
        .send(body);
      expect(res.status).toBe(400);
      const { message, problems } = res.body as { message: string; problems?: string[] };
      return problems ? problems.join('; ') : message;
    }

    it('should report each invalid line with its number and the reason the 400 gives, and exit 1', async () => {
      await truncateData(db.url);
      const lines = [
        JSON.stringify(messageEvent('valid-1')),
        '',
        JSON.stringify(missingId),
        notJson,
        '42',
        JSON.stringify(messageEvent('valid-2')),
      ];
      const sut = await runImport(build.dir, [file('mixed.ndjson', lines.join('\n'))], env);
      expect(sut.summary).toBe('2 created, 0 duplicate, 0 conflict, 3 invalid');
      expect(sut.code).toBe(1);
      const reported = sut.stderr.split('\n').filter((l) => l.includes(': invalid: '));
      expect(reported).toEqual([
        `line 3: invalid: ${await reasonOf400(JSON.stringify(missingId))}`,
        `line 4: invalid: ${await reasonOf400(notJson)}`,
        `line 5: invalid: ${await reasonOf400('42')}`,
      ]);
    });

    it('should report an invalid item of a JSON array by its index', async () => {
      await truncateData(db.url);
      const items = [messageEvent('array-1'), missingId, messageEvent('array-2')];
      const sut = await runImport(build.dir, [file('mixed.json', JSON.stringify(items))], env);
      expect(sut.summary).toBe('2 created, 0 duplicate, 0 conflict, 1 invalid');
      expect(sut.stderr).toContain(
        `index 1: invalid: ${await reasonOf400(JSON.stringify(missingId))}`,
      );
      expect(sut.code).toBe(1);
    });
  });

  describe('what is stored', () => {
    let viaImport: TestApp;
    let viaHttp: TestApp;
    let other: TestDatabase;

    beforeAll(async () => {
      other = await createTestDatabase();
      viaImport = await createTestApp({ DATABASE_URL: db.url });
      viaHttp = await createTestApp({ DATABASE_URL: other.url });
    });
    afterAll(async () => {
      await viaImport.close();
      await viaHttp.close();
      await other.drop();
    });

    it('should equal what POST /events stores: original events and transcripts', async () => {
      await truncateData(db.url);
      const run = await runImport(build.dir, [file('stored.ndjson', ndjson(events))], env);
      expect(run.code).toBe(0);
      for (const event of events) expect((await viaHttp.postEvent(event)).status).toBe(201);
      for (const event of events) {
        const id = String(event.id);
        const imported = await viaImport.originalEvent(id);
        expect(imported).toEqual(event);
        expect(imported).toEqual(await viaHttp.originalEvent(id));
      }
      const conversations = [...new Set(events.map((e) => String(e.conversationId)))];
      for (const id of conversations) {
        const a = await viaImport.graphql(TRANSCRIPT_QUERY, { id, view: 'AGENT' });
        const b = await viaHttp.graphql(TRANSCRIPT_QUERY, { id, view: 'AGENT' });
        expect(a.body.errors).toBeUndefined();
        expect(a.body.data).toEqual(b.body.data);
      }
    });
  });

  describe('usage', () => {
    it.each([
      ['no file', []],
      ['two files', ['a.ndjson', 'b.ndjson']],
      ['an unknown option', ['--fast']],
      ['a missing file', ['/nonexistent/events.ndjson']],
    ])('should print the usage and exit 2 when given %s', async (_label, args) => {
      const sut = await runImport(build.dir, args, env);
      expect(sut.stderr).toContain('Usage: npm run import -- <file>');
      expect(sut.stdout).toBe('');
      expect(sut.code).toBe(2);
    });
  });

  describe('the embedded database', () => {
    it('should import into PGlite in DATA_DIR and find the events there the next time', async () => {
      const dataDir = mkdtempSync(join(tmpdir(), 'cim-import-pglite-'));
      try {
        const path = file('pglite.ndjson', ndjson(events));
        const first = await runImport(build.dir, [path], { DATA_DIR: dataDir });
        expect(first.summary).toBe(`${events.length} created, 0 duplicate, 0 conflict, 0 invalid`);
        expect(first.code).toBe(0);
        const second = await runImport(build.dir, [path], { DATA_DIR: dataDir });
        expect(second.summary).toBe(`0 created, ${events.length} duplicate, 0 conflict, 0 invalid`);
      } finally {
        rmSync(dataDir, { recursive: true, force: true });
      }
    }, 180_000);
  });
});
