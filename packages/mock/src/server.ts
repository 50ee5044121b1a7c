/** What `startMock` and `startSandbox` resolve to, and the helpers they share. */

/** A running server: its base URL (`http://HOST:PORT`, no trailing slash) and how to stop it. */
export interface RunningServer {
  url: string;
  /** The bound port (useful with `port: 0`). */
  port: number;
  /** Stops accepting connections, closes open ones and resolves when the server is down. Idempotent. */
  close(): Promise<void>;
}

/** The base URL of a bound address; an IPv6 host is bracketed. */
export function urlOf(host: string, port: number): string {
  return `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
}
