import net from 'node:net';
import type { TestDatabase } from './database.js';
import type { TestApp } from './test-app.js';

/**
 * A loopback TCP proxy in front of PostgreSQL. `cut()` destroys every connection and refuses new
 * ones, as a network partition or a stopped server would; `restore()` lets traffic through again.
 * The service sees a real outage: nothing in it is mocked.
 */
export class TcpProxy {
  private server: net.Server | null = null;
  private readonly sockets = new Set<net.Socket>();
  port = 0;

  constructor(
    private readonly targetHost: string,
    private readonly targetPort: number,
  ) {}

  async start(port = 0): Promise<number> {
    this.server = net.createServer((client) => {
      const upstream = net.connect(this.targetPort, this.targetHost);
      for (const s of [client, upstream]) {
        this.sockets.add(s);
        s.on('close', () => this.sockets.delete(s));
        s.on('error', () => s.destroy());
      }
      client.pipe(upstream).pipe(client);
      client.on('close', () => upstream.destroy());
      upstream.on('close', () => client.destroy());
    });
    await new Promise<void>((resolve) => this.server!.listen(port, '127.0.0.1', resolve));
    this.port = (this.server.address() as net.AddressInfo).port;
    return this.port;
  }

  async cut(): Promise<void> {
    await this.stop();
  }

  async restore(): Promise<void> {
    await this.start(this.port);
  }

  async stop(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    this.sockets.clear();
    const server = this.server;
    this.server = null;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

/** The URL with its host and port replaced by the proxy's. */
export function viaProxy(url: string, port: number): string {
  const u = new URL(url);
  u.hostname = '127.0.0.1';
  u.port = String(port);
  return u.toString();
}

/** A fresh database, a proxy in front of it, and the app connected through the proxy. */
export async function appBehindProxy(
  createDatabase: () => Promise<TestDatabase>,
  createApp: (env: Record<string, string>) => Promise<TestApp>,
): Promise<{ db: TestDatabase; proxy: TcpProxy; sut: TestApp; close: () => Promise<void> }> {
  const db = await createDatabase();
  const target = new URL(db.url);
  const proxy = new TcpProxy(target.hostname, Number(target.port || 5432));
  const port = await proxy.start();
  const sut = await createApp({ DATABASE_URL: viaProxy(db.url, port) });
  return {
    db,
    proxy,
    sut,
    close: async () => {
      await sut.close();
      await proxy.stop();
      await db.drop();
    },
  };
}
