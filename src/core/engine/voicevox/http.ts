/**
 * The HTTP exchange with a VOICEVOX-compatible engine: one request, a size-limited answer, a deadline, abortable.
 * Every failure is an EngineHttpError whose message names the engine's URL and says what happened (not running,
 * no answer in time, HTTP status, too large). Never goes through a proxy: the user named this host. No `vscode`.
 */
import * as http from 'http';
import * as https from 'https';

export class EngineHttpError extends Error {
  override name = 'EngineHttpError';
  constructor(
    message: string,
    /** 'down': nothing listens there (connection refused, unknown host); the rest are failures of a running engine. */
    readonly kind: 'down' | 'timeout' | 'status' | 'too-large' | 'invalid' | 'aborted',
  ) {
    super(message);
  }
}

export interface EngineRequest {
  method: 'GET' | 'POST';
  /** Path with its query string, e.g. `/audio_query?text=…&speaker=3`. */
  path: string;
  body?: unknown;
  /** Deadline for the whole exchange. */
  timeoutMs: number;
  /** Largest answer accepted, in bytes. */
  maxBytes: number;
  signal?: AbortSignal;
}

/** The engine's base URL as given by the user, checked: http(s), a host, no credentials, no query. */
export function parseEngineUrl(text: string): URL {
  let u: URL;
  try {
    u = new URL(text.trim());
  } catch {
    throw new EngineHttpError(`'${text}' is not a URL (expected e.g. http://127.0.0.1:50021)`, 'invalid');
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new EngineHttpError(`engine URL ${u.origin} must be http:// or https://`, 'invalid');
  if (u.username || u.password) throw new EngineHttpError('an engine URL must not carry a user name or password', 'invalid');
  if (u.search || u.hash) throw new EngineHttpError(`engine URL ${u.origin} must not have a query or fragment`, 'invalid');
  return u;
}

/** The engine URL without a trailing slash, as messages show it. */
export function showUrl(base: URL): string {
  return base.href.replace(/\/+$/, '');
}

/** Whether the URL's host is this machine (127.0.0.0/8, ::1, localhost): text sent there never leaves it. */
export function isLoopback(base: URL): boolean {
  const h = base.hostname.replace(/^\[|\]$/g, '').toLowerCase();
  return h === 'localhost' || h === '::1' || /^127\.\d+\.\d+\.\d+$/.test(h);
}

/** Sends one request and returns the answer's bytes (status 2xx) or throws an EngineHttpError. */
export function engineRequest(base: URL, req: EngineRequest): Promise<{ status: number; type: string; body: Buffer }> {
  const where = showUrl(base);
  const what = `${req.method} ${req.path.replace(/\?.*$/, '')}`;
  const target = new URL(base.pathname.replace(/\/+$/, '') + req.path, base);
  const payload = req.body === undefined ? undefined : Buffer.from(JSON.stringify(req.body), 'utf8');
  return new Promise((resolve, reject) => {
    if (req.signal?.aborted) {
      reject(new EngineHttpError(`request to ${where} was cancelled`, 'aborted'));
      return;
    }
    let done = false;
    const fail = (e: EngineHttpError) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      req.signal?.removeEventListener('abort', onAbort);
      r.destroy();
      reject(e);
    };
    const onAbort = () => fail(new EngineHttpError(`request to ${where} was cancelled`, 'aborted'));
    const mod = target.protocol === 'https:' ? https : http;
    const r = mod.request(
      target,
      {
        method: req.method,
        agent: false, // one connection per request: nothing kept open after a reading
        headers: payload ? { 'content-type': 'application/json', 'content-length': payload.length, accept: '*/*' } : { accept: '*/*' },
      },
      (res) => {
        const status = res.statusCode ?? 0;
        const declared = Number(res.headers['content-length']);
        if (declared > req.maxBytes) {
          fail(new EngineHttpError(`the engine at ${where} sent ${(declared / 1e6).toFixed(1)} MB for ${what}, more than the ${(req.maxBytes / 1e6).toFixed(0)} MB accepted`, 'too-large'));
          return;
        }
        const parts: Buffer[] = [];
        let size = 0;
        res.on('data', (d: Buffer) => {
          size += d.length;
          if (size > req.maxBytes) {
            fail(new EngineHttpError(`the engine at ${where} sent more than the ${(req.maxBytes / 1e6).toFixed(0)} MB accepted for ${what}`, 'too-large'));
            return;
          }
          parts.push(d);
        });
        res.on('error', (e) => fail(new EngineHttpError(`the connection to the engine at ${where} broke during ${what} (${e.message})`, 'invalid')));
        res.on('end', () => {
          if (done) return;
          const body = Buffer.concat(parts);
          if (status < 200 || status > 299) {
            const detail = body.toString('utf8', 0, Math.min(body.length, 300)).replace(/[\x00-\x1f\x7f]+/g, ' ').trim();
            fail(new EngineHttpError(`the engine at ${where} answered HTTP ${status} to ${what}${detail ? `: ${detail.slice(0, 160)}` : ''}`, 'status'));
            return;
          }
          done = true;
          clearTimeout(timer);
          req.signal?.removeEventListener('abort', onAbort);
          resolve({ status, type: String(res.headers['content-type'] ?? ''), body });
        });
      },
    );
    const timer = setTimeout(
      () => fail(new EngineHttpError(`the engine at ${where} did not answer ${what} within ${(req.timeoutMs / 1000).toFixed(1)} s`, 'timeout')),
      req.timeoutMs,
    );
    req.signal?.addEventListener('abort', onAbort, { once: true });
    r.on('error', (e: NodeJS.ErrnoException) => {
      const down = e.code === 'ECONNREFUSED' || e.code === 'ENOTFOUND' || e.code === 'EHOSTUNREACH' || e.code === 'EADDRNOTAVAIL';
      fail(
        down
          ? new EngineHttpError(`no VOICEVOX-compatible engine is running at ${where} (${e.code === 'ECONNREFUSED' ? 'connection refused' : e.code})`, 'down')
          : new EngineHttpError(`the engine at ${where} could not be reached for ${what} (${e.code ?? e.message})`, 'down'),
      );
    });
    r.end(payload);
  });
}

/** Parses a JSON answer, or throws naming the URL. */
export function parseJson(base: URL, what: string, body: Buffer): unknown {
  try {
    return JSON.parse(body.toString('utf8'));
  } catch {
    throw new EngineHttpError(`the engine at ${showUrl(base)} sent an answer to ${what} that is not JSON`, 'invalid');
  }
}
