/**
 * Request bodies and their cap, shared by the sandbox's core, its node:http adapter and the Prism front.
 *
 * A body over the cap is answered `413`, but only after the rest of it was read and dropped (up to
 * {@link MAX_DISCARD_BYTES}): a server that answers and closes while the client is still sending makes the
 * client see a reset connection instead of the answer (Node's fetch reports a network error; curl and
 * browsers vary). Past that bound the answer is sent and the connection closed.
 * Only types come from node:http, so the core can import this file anywhere.
 */
import type { IncomingMessage } from 'node:http';
import type { Socket } from 'node:net';

/** The largest request body the sandbox (and the Prism front) reads, in bytes (64 KiB); a larger one is answered `413`. */
export const MAX_BODY_BYTES = 64 * 1024;

/** How much of an oversized body is read and dropped before the `413` is sent (1 MiB); past it the connection is closed. */
export const MAX_DISCARD_BYTES = 1024 * 1024;

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** The size of a body in bytes (UTF-8 for a string). */
export const byteLength = (body: string | Uint8Array): number => (typeof body === 'string' ? encoder.encode(body).length : body.byteLength);

/** A body as text (UTF-8). */
export const textOf = (body: string | Uint8Array): string => (typeof body === 'string' ? body : decoder.decode(body));

/** What {@link readBody} read. */
export interface ReadBody {
  /** The body, or its first `cap + 1` bytes when it is over the cap. */
  body: Uint8Array;
  /** The whole body's size in bytes, as far as it is known (read, or announced by Content-Length). */
  size: number;
  /**
   * The connection must be closed after the answer: the body was larger than `discard` and was not read to
   * its end.
   */
  close: boolean;
}

/**
 * Reads a request body of at most `cap` bytes. A larger one is read to its end and dropped (its first
 * `cap + 1` bytes kept, so the caller sees that it is over) as long as it stays within `discard` bytes.
 * Never rejects for a large body; rejects when the request stream fails (the client went away).
 */
export function readBody(req: IncomingMessage, cap: number, discard: number = MAX_DISCARD_BYTES): Promise<ReadBody> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > Math.max(cap, discard)) {
    // Announced too large to be worth reading: answer at once, then close.
    req.pause();
    return Promise.resolve({ body: new Uint8Array(0), size: declared, close: true });
  }
  return new Promise<ReadBody>((resolve, reject) => {
    const chunks: Buffer[] = [];
    let kept = 0;
    let size = 0;
    let settled = false;
    const finish = (close: boolean): void => {
      if (settled) return;
      settled = true;
      req.off('data', onData);
      resolve({ body: Buffer.concat(chunks), size, close });
    };
    const onData = (chunk: Buffer): void => {
      size += chunk.length;
      if (kept <= cap) {
        const part = chunk.subarray(0, cap + 1 - kept);
        chunks.push(part);
        kept += part.length;
      }
      if (size > Math.max(cap, discard)) {
        req.pause();
        finish(true);
      }
    };
    req.on('data', onData);
    req.once('end', () => finish(false));
    req.once('error', (error) => {
      if (!settled) {
        settled = true;
        reject(error);
      }
    });
  });
}

/**
 * Closes a connection whose request body was not read to its end, once the answer is out: a FIN first (so
 * the client can read the answer), then, if the client keeps sending, the socket is destroyed after a second.
 */
export function closeSoon(socket: Socket): void {
  socket.end();
  setTimeout(() => socket.destroy(), 1_000).unref();
}
