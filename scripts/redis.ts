// Starts Debian's redis-server for the tests and benchmarks that need a shared rate-limit store: on a free
// loopback port, nothing saved (--save '' --appendonly no), stopped by `stop()`. scripts/test.ts installs the
// package (apt) when it is missing; a missing redis-server is an error here, never a skipped test.
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';

export interface RunningRedis {
  /** `redis://127.0.0.1:PORT`. */
  url: string;
  port: number;
  stop(): Promise<void>;
}

/** A port that was free a moment ago (redis-server cannot pick one itself: its port 0 turns TCP off). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

function startOnce(port: number, binary: string): Promise<RunningRedis> {
  return new Promise((resolve, reject) => {
    let child: ChildProcess;
    try {
      child = spawn(binary, ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--loglevel', 'notice'], {
        stdio: ['ignore', 'pipe', 'pipe'],
      });
    } catch (error) {
      reject(error);
      return;
    }
    let output = '';
    const onData = (chunk: Buffer): void => {
      output += chunk.toString();
      if (/Ready to accept connections/.test(output)) {
        child.stdout?.off('data', onData);
        child.stdout?.resume();
        child.stderr?.resume();
        const exited = new Promise<void>((done) => child.once('exit', () => done()));
        resolve({
          url: `redis://127.0.0.1:${port}`,
          port,
          stop: async () => {
            if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
            await exited;
          },
        });
      }
    };
    child.stdout?.on('data', onData);
    child.once('error', (error: NodeJS.ErrnoException) =>
      reject(error.code === 'ENOENT' ? new Error(`${binary} not found: install Debian's redis-server (apt-get install redis-server); the test command does it`) : error),
    );
    child.once('exit', (code) => reject(new Error(`redis-server exited with ${code} before it was ready:\n${output.slice(-2000)}`)));
  });
}

/** Starts redis-server on a free loopback port (three tries: another process may take the port first). */
export async function startRedis(binary = process.env.REDIS_SERVER ?? 'redis-server'): Promise<RunningRedis> {
  let last: unknown;
  for (let i = 0; i < 3; i++) {
    try {
      return await startOnce(await freePort(), binary);
    } catch (error) {
      last = error;
      if ((error as Error).message.includes('not found')) break;
    }
  }
  throw last;
}
