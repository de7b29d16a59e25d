/**
 * Test helpers: a real HTTP file server on 127.0.0.1 with switchable misbehaviour (drops, stalls, errors, redirects,
 * no Range support, throttling) that counts what it sends, a real HTTP proxy (forwarding and CONNECT), temp dirs.
 */
import { createHash, randomBytes } from 'crypto';
import * as fs from 'fs';
import * as http from 'http';
import * as net from 'net';
import * as os from 'os';
import * as path from 'path';
import type { AddressInfo } from 'net';

export interface RequestLog {
  method: string;
  path: string;
  range: string | undefined;
  status: number;
  /** Body bytes written to the socket for this request. */
  bytesSent: number;
}

export interface FileBehaviour {
  data: Buffer;
  /** Answer Range requests with 206 (default true); false = always 200 with the whole file. */
  range?: boolean;
  /** Statuses to answer before serving, one per request (e.g. [500, 503]). */
  failFirst?: number[];
  /** For the n-th serving request (0-based index into this array), close the connection after this many body bytes. */
  dropAfter?: Array<number | undefined>;
  /** Stop sending (keep the connection open) on reaching this offset of the file, on every request while set. */
  stallAfter?: number;
  /** Send at most `bytes` every `everyMs` (to keep a transfer in flight). */
  throttle?: { bytes: number; everyMs: number };
  /** Content-Length to announce instead of the real one (for size checks). */
  announceLength?: number;
  /** Never answer at all (headers included). */
  silent?: boolean;
  /** Pause sending at this file offset until `hold` resolves (to line up concurrent clients deterministically). */
  holdAt?: number;
  hold?: Promise<void>;
  /** Answer Range with this Content-Range start instead of the requested one. */
  wrongRangeStart?: number;
}

export interface TestServer {
  port: number;
  base: string;
  log: RequestLog[];
  files: Map<string, FileBehaviour>;
  redirects: Map<string, { status: number; location: string }>;
  /** Body bytes sent for a path, over all requests. */
  bytesSent(p: string): number;
  requests(p: string): RequestLog[];
  close(): Promise<void>;
}

export function sha256(b: Buffer): string {
  return createHash('sha256').update(b).digest('hex');
}

export function randomData(n: number): Buffer {
  return randomBytes(n);
}

export async function startServer(): Promise<TestServer> {
  const log: RequestLog[] = [];
  const files = new Map<string, FileBehaviour>();
  const redirects = new Map<string, { status: number; location: string }>();
  const served = new Map<string, number>();
  const timers = new Set<NodeJS.Timeout>();
  const server = http.createServer((req, res) => {
    const p = new URL(req.url ?? '/', 'http://x').pathname;
    const entry: RequestLog = { method: req.method ?? '', path: p, range: req.headers.range, status: 0, bytesSent: 0 };
    log.push(entry);
    const redirect = redirects.get(p);
    if (redirect) {
      entry.status = redirect.status;
      res.writeHead(redirect.status, { location: redirect.location, 'content-length': 0 });
      res.end();
      return;
    }
    const f = files.get(p);
    if (!f) {
      entry.status = 404;
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('not found');
      return;
    }
    if (f.silent) return;
    if (f.failFirst && f.failFirst.length) {
      entry.status = f.failFirst.shift()!;
      res.writeHead(entry.status, { 'content-type': 'text/plain' });
      res.end('failure');
      return;
    }
    const n = served.get(p) ?? 0;
    served.set(p, n + 1);
    let start = 0;
    let status = 200;
    const headers: Record<string, string | number> = { 'content-type': 'application/octet-stream', 'accept-ranges': f.range === false ? 'none' : 'bytes' };
    const m = req.headers.range ? /^bytes=(\d+)-$/.exec(req.headers.range) : null;
    if (m && f.range !== false) {
      start = Number(m[1]);
      if (start >= f.data.length) {
        entry.status = 416;
        res.writeHead(416, { 'content-range': `bytes */${f.data.length}` });
        res.end();
        return;
      }
      status = 206;
      const shownStart = f.wrongRangeStart ?? start;
      if (f.wrongRangeStart !== undefined) start = f.wrongRangeStart;
      headers['content-range'] = `bytes ${shownStart}-${f.data.length - 1}/${f.data.length}`;
    }
    entry.status = status;
    const body = f.data.subarray(start);
    headers['content-length'] = f.announceLength ?? body.length;
    res.writeHead(status, headers);
    const drop = f.dropAfter?.[n];
    const stallAt = f.stallAfter !== undefined ? Math.max(0, f.stallAfter - start) : Infinity;
    const limit = Math.min(body.length, drop ?? Infinity, stallAt);
    let off = 0;
    const finish = () => {
      if (drop !== undefined && off >= drop) {
        // Close after everything written so far has gone out (FIN, not RST), so the client gets exactly `drop` bytes.
        res.socket?.end();
      } else if (off >= stallAt) {
        // keep the connection open, send nothing more
      } else {
        res.end();
      }
    };
    const step = (): void => {
      if (res.destroyed) return;
      if (f.hold && f.holdAt !== undefined && start + off >= f.holdAt) {
        const h = f.hold;
        f.hold = undefined;
        void h.then(step);
        return;
      }
      let size = Math.min(f.throttle ? f.throttle.bytes : 1 << 16, limit - off);
      if (f.hold && f.holdAt !== undefined && f.holdAt > start + off) size = Math.min(size, f.holdAt - start - off);
      if (size <= 0) return finish();
      const chunk = body.subarray(off, off + size);
      off += size;
      entry.bytesSent += size;
      const ok = res.write(chunk);
      const next = () => {
        if (f.throttle) {
          const t = setTimeout(() => {
            timers.delete(t);
            step();
          }, f.throttle.everyMs);
          timers.add(t);
        } else setImmediate(step);
      };
      if (ok) next();
      else res.once('drain', next);
    };
    step();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  return {
    port,
    base: `http://127.0.0.1:${port}`,
    log,
    files,
    redirects,
    bytesSent: (p) => log.filter((l) => l.path === p).reduce((s, l) => s + l.bytesSent, 0),
    requests: (p) => log.filter((l) => l.path === p),
    close: () =>
      new Promise<void>((r) => {
        timers.forEach(clearTimeout);
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

export interface TestProxy {
  url: string;
  connects: string[];
  forwards: string[];
  /** Proxy-Authorization headers seen (CONNECT and forwarded requests). */
  auth: Array<string | undefined>;
  /** Answer every request with this status instead (e.g. 407). */
  refuseWith?: number;
  close(): Promise<void>;
}

/** A real HTTP proxy: plain forwarding for absolute-URL requests, and CONNECT tunnels. */
export async function startProxy(): Promise<TestProxy> {
  const sockets = new Set<net.Socket>();
  const proxy: TestProxy = { url: '', connects: [], forwards: [], auth: [], close: async () => undefined };
  const server = http.createServer((req, res) => {
    proxy.forwards.push(req.url ?? '');
    proxy.auth.push(req.headers['proxy-authorization']);
    if (proxy.refuseWith) {
      res.writeHead(proxy.refuseWith);
      res.end();
      return;
    }
    const target = new URL(req.url ?? '');
    const headers = { ...req.headers };
    delete headers['proxy-authorization'];
    const up = http.request(
      { host: target.hostname, port: target.port, path: target.pathname + target.search, method: req.method, headers },
      (ur) => {
        res.writeHead(ur.statusCode ?? 502, ur.headers);
        ur.pipe(res);
      },
    );
    up.on('error', () => res.destroy());
    req.pipe(up);
  });
  server.on('connect', (req: http.IncomingMessage, client: net.Socket, head: Buffer) => {
    proxy.connects.push(req.url ?? '');
    proxy.auth.push(req.headers['proxy-authorization']);
    sockets.add(client);
    if (proxy.refuseWith) {
      client.end(`HTTP/1.1 ${proxy.refuseWith} Refused\r\ncontent-length: 0\r\n\r\n`);
      return;
    }
    const [host, port] = (req.url ?? '').split(':');
    const up = net.connect(Number(port), host, () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      if (head.length) up.write(head);
      up.pipe(client);
      client.pipe(up);
    });
    sockets.add(up);
    up.on('error', () => client.destroy());
    client.on('error', () => up.destroy());
  });
  server.on('connection', (s) => sockets.add(s));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  proxy.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  proxy.close = () =>
    new Promise<void>((r) => {
      sockets.forEach((s) => s.destroy());
      server.close(() => r());
    });
  return proxy;
}

const made: string[] = [];
process.on('exit', () => {
  for (const d of made) {
    try {
      fs.rmSync(d, { recursive: true, force: true });
    } catch {
      /* e.g. still a mount point */
    }
  }
});

/** A fresh temp folder, removed when the test process exits. */
export function tempDir(prefix = 'yomiage-dl-'): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  made.push(d);
  return d;
}

/** Names in a folder, sorted. */
export function listDir(dir: string): string[] {
  try {
    return fs.readdirSync(dir).sort();
  } catch {
    return [];
  }
}

/** Waits until `cond()` is true (polling), or fails after `ms`. */
export async function until(cond: () => boolean, ms = 10_000, what = 'condition'): Promise<void> {
  const t0 = Date.now();
  while (!cond()) {
    if (Date.now() - t0 > ms) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** Quick options for tests: tiny backoff and poll intervals so failures surface fast. */
export const FAST = { retryBaseMs: 5, retryMaxMs: 20, lockPollMs: 20, idleTimeoutMs: 5000, progressIntervalMs: 0 } as const;
