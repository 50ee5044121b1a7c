/** What `startMock` and `startSandbox` resolve to, and the helpers they share. */
import type { Server } from 'node:http';

/** A running server: its base URL (`http://HOST:PORT`, no trailing slash) and how to stop it. */
export interface RunningServer {
  url: string;
  /** The bound port (useful with `port: 0`). */
  port: number;
  /** Stops accepting connections, closes open ones and resolves when the server is down. Idempotent. */
  close(): Promise<void>;
}

/** Binds `server` to `host:port` (0: any free port); resolves with the bound port, rejects on a listen error. */
export async function listen(server: Server, port: number | undefined, host: string): Promise<number> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  return typeof address === 'object' && address ? address.port : Number(port);
}

/** Stops accepting connections, closes the open ones, and resolves once `server` is down. */
export function closeServer(server: Server): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    server.close((error) => (error ? reject(error) : resolve()));
    server.closeAllConnections();
  });
}

/** The base URL of a bound address; an IPv6 host is bracketed. */
export function urlOf(host: string, port: number): string {
  return `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
}
