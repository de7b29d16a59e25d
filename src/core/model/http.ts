/**
 * One HTTP(S) GET over Node's own stack, directly, through an http proxy (plain forwarding for http targets) or
 * through an HTTP CONNECT tunnel (https targets). Redirects are followed by `getFollowingRedirects`.
 * A connection that sends nothing for `idleTimeoutMs` is destroyed with a retryable 'timeout' error.
 */
import * as http from 'http';
import * as https from 'https';
import * as net from 'net';
import * as tls from 'tls';
import { DownloadError, toDownloadError } from './errors';
import { proxyAuthorization, proxyFor, ProxySettings } from './proxy';

export interface HttpOptions extends ProxySettings {
  /** Verify TLS certificates (VS Code `http.proxyStrictSSL`). Default true. */
  strictSSL?: boolean;
  /** Extra trusted CA certificates (PEM), e.g. for tests or corporate roots. */
  ca?: string | Buffer | Array<string | Buffer>;
  /** Destroy a connection that sends nothing for this long (connect, headers, body). Default 30 000 ms. */
  idleTimeoutMs?: number;
  /** At most this many redirects. Default 10. */
  maxRedirects?: number;
  signal?: AbortSignal;
  /** Sent with every request. */
  userAgent?: string;
}

export interface OpenResponse {
  res: http.IncomingMessage;
  req: http.ClientRequest;
  /** The URL that finally answered (after redirects). */
  url: URL;
}

const DEFAULT_IDLE_MS = 30_000;

/** The idle-timeout error of a request, if that is why it ended (the body stream only reports a reset). */
const timeouts = new WeakMap<http.ClientRequest, DownloadError>();
export const timeoutOf = (req: http.ClientRequest): DownloadError | undefined => timeouts.get(req);

/**
 * Node's request timeout only starts once the socket is connected; this covers the TCP connect itself (a host that
 * drops SYNs would otherwise hang for the OS connect timeout, minutes).
 */
function limitConnect(req: http.ClientRequest, ms: number, what: string): void {
  req.once('socket', (sock: net.Socket) => {
    if (!sock.connecting) return;
    const t = setTimeout(() => {
      const err = new DownloadError('timeout', `could not connect to ${what} within ${Math.round(ms / 100) / 10} s`, true);
      timeouts.set(req, err);
      req.destroy(err);
    }, ms);
    sock.once('connect', () => clearTimeout(t));
    req.once('close', () => clearTimeout(t));
  });
}

function cancelled(): DownloadError {
  return new DownloadError('cancelled', 'download cancelled');
}

/** Opens a CONNECT tunnel to host:port through `proxy` and returns the raw socket. */
function openTunnel(proxy: URL, host: string, port: number, opts: HttpOptions): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = { host: `${host}:${port}` };
    const auth = proxyAuthorization(proxy);
    if (auth) headers['proxy-authorization'] = auth;
    const req = http.request({
      host: proxy.hostname.replace(/^\[|\]$/g, ''),
      port: Number(proxy.port || 80),
      method: 'CONNECT',
      path: `${host}:${port}`,
      headers,
      agent: false,
    });
    const idle = opts.idleTimeoutMs ?? DEFAULT_IDLE_MS;
    limitConnect(req, idle, `proxy ${proxy.host}`);
    req.setTimeout(idle, () =>
      req.destroy(new DownloadError('timeout', `proxy ${proxy.host} did not answer within ${idle} ms`, true)),
    );
    const onAbort = () => req.destroy(cancelled());
    opts.signal?.addEventListener('abort', onAbort, { once: true });
    req.once('connect', (res, socket, head) => {
      opts.signal?.removeEventListener('abort', onAbort);
      req.setTimeout(0);
      if (res.statusCode !== 200) {
        socket.destroy();
        const hint = res.statusCode === 407 ? ' (proxy authentication required: put user:password in the proxy URL)' : '';
        reject(new DownloadError('proxy', `proxy ${proxy.host} refused the tunnel to ${host}:${port}: ${res.statusCode} ${res.statusMessage ?? ''}`.trim() + hint, (res.statusCode ?? 0) >= 500));
        return;
      }
      if (head && head.length) socket.unshift(head);
      resolve(socket);
    });
    req.once('error', (e) => {
      opts.signal?.removeEventListener('abort', onAbort);
      const err = toDownloadError(e, `http://${proxy.host}/`);
      reject(err.code === 'network' ? new DownloadError('proxy', `cannot reach proxy ${proxy.host}: ${err.message}`, true) : err);
    });
    req.end();
  });
}

/** Wraps a tunnelled socket in TLS and waits for the handshake so certificate errors surface clearly. */
function startTls(socket: net.Socket, host: string, opts: HttpOptions): Promise<tls.TLSSocket> {
  return new Promise((resolve, reject) => {
    const t = tls.connect({
      socket,
      host, // for the certificate's identity check (the socket is already connected to the proxy)
      servername: net.isIP(host) ? undefined : host,
      rejectUnauthorized: opts.strictSSL !== false,
      ca: opts.ca,
      ALPNProtocols: ['http/1.1'],
    });
    const onAbort = () => t.destroy(cancelled());
    opts.signal?.addEventListener('abort', onAbort, { once: true });
    const idle = opts.idleTimeoutMs ?? DEFAULT_IDLE_MS;
    t.setTimeout(idle, () => t.destroy(new DownloadError('timeout', `TLS handshake with ${host} timed out after ${idle} ms`, true)));
    t.once('secureConnect', () => {
      opts.signal?.removeEventListener('abort', onAbort);
      t.setTimeout(0);
      resolve(t);
    });
    t.once('error', (e) => {
      opts.signal?.removeEventListener('abort', onAbort);
      reject(e);
    });
  });
}

/** One GET without following redirects. Resolves once the response headers are in. */
export async function getOnce(url: URL, headers: Record<string, string>, opts: HttpOptions = {}): Promise<OpenResponse> {
  if (opts.signal?.aborted) throw cancelled();
  const proxy = proxyFor(url, opts);
  const isHttps = url.protocol === 'https:';
  const port = Number(url.port || (isHttps ? 443 : 80));
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const allHeaders: Record<string, string> = {
    'user-agent': opts.userAgent ?? 'yomiage-downloader',
    'accept-encoding': 'identity',
    host: url.host,
    ...headers,
  };
  let reqOpts: http.RequestOptions;
  let mod: typeof http | typeof https = http;
  if (proxy && isHttps) {
    let tlsSocket: tls.TLSSocket;
    try {
      tlsSocket = await startTls(await openTunnel(proxy, host, port, opts), host, opts);
    } catch (e) {
      throw toDownloadError(e, url.href);
    }
    reqOpts = { host, port, path: url.pathname + url.search, createConnection: () => tlsSocket };
  } else if (proxy) {
    const auth = proxyAuthorization(proxy);
    if (auth) allHeaders['proxy-authorization'] = auth;
    reqOpts = { host: proxy.hostname.replace(/^\[|\]$/g, ''), port: Number(proxy.port || 80), path: url.href };
  } else {
    mod = isHttps ? https : http;
    reqOpts = {
      host,
      port,
      path: url.pathname + url.search,
      ...(isHttps ? { rejectUnauthorized: opts.strictSSL !== false, ca: opts.ca, servername: net.isIP(host) ? undefined : host } : {}),
    };
  }
  return new Promise<OpenResponse>((resolve, reject) => {
    const req = mod.request({ ...reqOpts, method: 'GET', headers: allHeaders });
    const idle = opts.idleTimeoutMs ?? DEFAULT_IDLE_MS;
    limitConnect(req, idle, proxy ? `proxy ${proxy.host}` : url.host);
    req.setTimeout(idle, () => {
      const err = new DownloadError('timeout', `no data from ${url.host} for ${Math.round(idle / 100) / 10} s (stalled connection)`, true);
      timeouts.set(req, err);
      req.destroy(err);
    });
    const onAbort = () => req.destroy(cancelled());
    opts.signal?.addEventListener('abort', onAbort, { once: true });
    req.once('close', () => opts.signal?.removeEventListener('abort', onAbort));
    req.once('response', (res) => resolve({ res, req, url }));
    req.once('error', (e) => reject(toDownloadError(e, url.href)));
    req.end();
  });
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);

/** GET following redirects (absolute or relative Location), at most `maxRedirects` of them. */
export async function getFollowingRedirects(
  start: URL,
  headers: Record<string, string>,
  opts: HttpOptions = {},
): Promise<OpenResponse> {
  const max = opts.maxRedirects ?? 10;
  let url = start;
  for (let hops = 0; ; hops++) {
    const r = await getOnce(url, headers, opts);
    const status = r.res.statusCode ?? 0;
    if (!REDIRECTS.has(status)) return r;
    const loc = r.res.headers.location;
    r.res.resume();
    r.req.destroy();
    if (!loc) throw new DownloadError('redirect', `${url.host} answered ${status} without a Location header`);
    if (hops >= max) throw new DownloadError('redirect', `too many redirects (more than ${max}) starting from ${start.href}`);
    let next: URL;
    try {
      next = new URL(loc, url);
    } catch {
      throw new DownloadError('redirect', `${url.host} redirected to an invalid location ${JSON.stringify(loc)}`);
    }
    if (next.protocol !== 'http:' && next.protocol !== 'https:') {
      throw new DownloadError('redirect', `${url.host} redirected to unsupported ${next.protocol} URL`);
    }
    if (url.protocol === 'https:' && next.protocol === 'http:') {
      throw new DownloadError('redirect', `refusing to follow a redirect from https to plain http (${next.host})`);
    }
    url = next;
  }
}
