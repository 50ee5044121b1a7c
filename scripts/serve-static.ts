// A static file server for one folder, as a static host (GitHub Pages, any CDN) serves a published site:
// `GET /<prefix>/<file>`; a folder path gets its index.html; nothing outside the folder is ever served.
// `pnpm start` serves the docs site (packages/docs/dist/) with it, and the docs tests serve the site under a
// sub-path with it, as GitHub Pages does for a project site (`/<repo>/`).
import { createReadStream, existsSync, statSync } from 'node:fs';
import { type Server, createServer } from 'node:http';
import { extname, join, normalize, resolve, sep } from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.yaml': 'application/yaml; charset=utf-8',
  '.md': 'text/markdown; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
};

export interface StaticSite {
  server: Server;
  /** The site's URL, with the prefix and a trailing slash, e.g. `http://127.0.0.1:8080/repo/`. */
  url: string;
  /** Every request, as `METHOD /path` (what a test checks the page asked for). */
  requests: string[];
  close(): Promise<void>;
}

/**
 * Serves `dir` at `http://host:port/<prefix>/` (prefix `''` for the root). `/<prefix>` without its slash
 * redirects to `/<prefix>/` as static hosts do (relative links need it). Port 0 picks a free port.
 */
export function serveStatic(dir: string, options: { port?: number; host?: string; prefix?: string } = {}): Promise<StaticSite> {
  const root = resolve(dir);
  const { port = 0, host = '127.0.0.1' } = options;
  const prefix = (options.prefix ?? '').replace(/^\/+|\/+$/g, '');
  const base = prefix ? `/${prefix}/` : '/';
  const requests: string[] = [];
  const server = createServer((req, res) => {
    requests.push(`${req.method ?? ''} ${req.url ?? ''}`);
    let pathname: string;
    try {
      pathname = decodeURIComponent(new URL(req.url ?? '/', 'http://localhost').pathname);
    } catch {
      res.writeHead(400, { 'content-type': 'text/plain' }).end('bad URL\n');
      return;
    }
    if (prefix && pathname === `/${prefix}`) {
      res.writeHead(301, { location: base }).end();
      return;
    }
    if (!pathname.startsWith(base)) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found\n');
      return;
    }
    const relative = pathname.slice(base.length);
    const file = normalize(join(root, relative === '' || relative.endsWith('/') ? `${relative}index.html` : relative));
    if (!file.startsWith(root + sep) || !existsSync(file) || !statSync(file).isFile()) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found\n');
      return;
    }
    res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
    if (req.method === 'HEAD') {
      res.end();
      return;
    }
    createReadStream(file).pipe(res);
  });
  return new Promise((resolvePromise, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      const address = server.address();
      const actual = typeof address === 'object' && address ? address.port : port;
      resolvePromise({
        server,
        url: `http://${host}:${actual}${base}`,
        requests,
        close: () => new Promise<void>((r) => server.close(() => r())),
      });
    });
  });
}
