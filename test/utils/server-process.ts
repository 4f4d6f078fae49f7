import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import net from 'node:net';
import { join, resolve } from 'node:path';
import { randomBytes } from 'node:crypto';
import { KEYS } from './test-app.js';

/**
 * Compiles the service into a directory of its own (so a concurrent `npm run build` cannot
 * interfere) and runs `node main.js` from it as a real child process, for faults that need one.
 */
export function buildService(): { dir: string; remove(): void } {
  const dir = resolve('.test-dist', randomBytes(4).toString('hex'));
  mkdirSync(dir, { recursive: true });
  execFileSync(
    process.execPath,
    [resolve('node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json', '--outDir', dir],
    { stdio: 'pipe' },
  );
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

export async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as net.AddressInfo).port;
  await new Promise<void>((r) => server.close(() => r()));
  return port;
}

export interface ServerProcess {
  child: ChildProcess;
  url: string;
  output(): string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/**
 * The Node flags of `npm run start:prod` (garbage-collection tuning, README "Memory"), so fault tests
 * run the service as users do, and a flag this Node no longer accepts fails here.
 */
export function productionNodeFlags(): string[] {
  const { scripts } = JSON.parse(readFileSync('package.json', 'utf8')) as {
    scripts: Record<string, string>;
  };
  const words = scripts['start:prod'].split(/\s+/);
  return words.slice(words.indexOf('node') + 1, words.indexOf('dist/main.js'));
}

/** The Node flags of the Docker image's CMD. */
export function dockerNodeFlags(): string[] {
  const cmd = /^CMD (\[.*\])$/m.exec(readFileSync('Dockerfile', 'utf8'));
  if (!cmd) throw new Error('Dockerfile has no CMD in exec form');
  const words = JSON.parse(cmd[1]) as string[];
  return words.slice(words.indexOf('node') + 1, words.indexOf('dist/main.js'));
}

export async function startServer(
  distDir: string,
  env: Record<string, string>,
  port: number,
): Promise<ServerProcess> {
  const child = spawn(process.execPath, [...productionNodeFlags(), join(distDir, 'main.js')], {
    env: {
      PATH: process.env.PATH,
      PORT: String(port),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      API_KEYS: JSON.stringify(Object.values(KEYS)),
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (d: Buffer) => (output = (output + d.toString()).slice(-20_000)));
  child.stderr?.on('data', (d: Buffer) => (output = (output + d.toString()).slice(-20_000)));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((r) =>
    child.once('exit', (code, signal) => r({ code, signal })),
  );
  const url = `http://127.0.0.1:${port}`;
  // Generous: a first embedded start (initdb) on a loaded 2-core machine takes tens of seconds.
  const until = Date.now() + 90_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited at start:\n${output}`);
    const ready = await fetch(`${url}/health/ready`).then(
      (r) => r.ok,
      () => false,
    );
    if (ready) break;
    if (Date.now() > until) throw new Error(`server did not become ready:\n${output}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return { child, url, output: () => output, exited };
}

export interface Delivery {
  ids: string[];
  status: number | 'network-error';
}

/** POSTs one JSON body with the writer key; a refused or reset connection is reported, not thrown. */
export async function post(url: string, body: unknown): Promise<number | 'network-error'> {
  try {
    const res = await fetch(url, {
      method: 'POST',
      headers: {
        Authorization: `Bearer ${KEYS.writer.secret}`,
        'Content-Type': 'application/json',
      },
      body: JSON.stringify(body),
    });
    await res.arrayBuffer();
    return res.status;
  } catch {
    return 'network-error';
  }
}
