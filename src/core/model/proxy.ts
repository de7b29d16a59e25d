/**
 * Which proxy a request goes through: the explicit `proxy` option (VS Code's `http.proxy`) first, else the usual
 * environment variables (`https_proxy`/`HTTPS_PROXY` for https targets, `http_proxy`/`HTTP_PROXY` for http, then
 * `all_proxy`), minus hosts listed in `no_proxy`/`NO_PROXY` or the `noProxy` option.
 */
import { DownloadError } from './errors';

export interface ProxySettings {
  /** Explicit proxy URL (`http://[user:pass@]host:port`); empty string or undefined falls back to the environment. */
  proxy?: string;
  /** Host patterns that bypass the proxy, added to no_proxy (`example.com`, `.example.com`, `host:port`, `*`). */
  noProxy?: string[];
  /** Environment to read (tests pass their own); defaults to process.env. */
  env?: NodeJS.ProcessEnv;
}

function envValue(env: NodeJS.ProcessEnv, ...names: string[]): string | undefined {
  for (const n of names) {
    const v = env[n];
    if (v && v.trim()) return v.trim();
  }
  return undefined;
}

/** True when `target` matches one of the no_proxy patterns. */
export function bypassesProxy(target: URL, patterns: string[]): boolean {
  const host = target.hostname.replace(/^\[|\]$/g, '').toLowerCase();
  const port = target.port || (target.protocol === 'https:' ? '443' : '80');
  for (let p of patterns) {
    p = p.trim().toLowerCase();
    if (!p) continue;
    if (p === '*') return true;
    let pPort: string | undefined;
    const m = /^([^:[\]]+):(\d+)$/.exec(p);
    if (m) {
      p = m[1];
      pPort = m[2];
    }
    if (pPort && pPort !== port) continue;
    p = p.replace(/^\*?\./, '.');
    if (p.startsWith('.')) {
      if (host.endsWith(p) || host === p.slice(1)) return true;
    } else if (host === p || host.endsWith('.' + p)) {
      return true;
    }
  }
  return false;
}

/** The proxy URL for `target`, or null for a direct connection. Throws for a proxy scheme we cannot speak. */
export function proxyFor(target: URL, settings: ProxySettings = {}): URL | null {
  const env = settings.env ?? process.env;
  const noProxy = [...(envValue(env, 'no_proxy', 'NO_PROXY') ?? '').split(','), ...(settings.noProxy ?? [])];
  if (bypassesProxy(target, noProxy)) return null;
  const raw =
    (settings.proxy && settings.proxy.trim()) ||
    (target.protocol === 'https:'
      ? envValue(env, 'https_proxy', 'HTTPS_PROXY', 'all_proxy', 'ALL_PROXY')
      : envValue(env, 'http_proxy', 'HTTP_PROXY', 'all_proxy', 'ALL_PROXY'));
  if (!raw) return null;
  return parseProxy(raw);
}

/**
 * A proxy setting as a URL (`host:port` means http://host:port). A setting that cannot work is a DownloadError
 * that is never retried: retrying cannot mend a typo, and the user should hear about it at once.
 */
export function parseProxy(raw: string): URL {
  const shown = JSON.stringify(raw.length > 200 ? raw.slice(0, 200) + '…' : raw);
  let url: URL;
  try {
    url = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(raw) ? raw : `http://${raw}`);
  } catch {
    throw new DownloadError('proxy', `invalid proxy setting ${shown}: expected http://host:port`);
  }
  if (url.protocol !== 'http:') {
    throw new DownloadError('proxy', `unsupported proxy ${url.protocol}//${url.host}: only http:// proxies are supported`);
  }
  if (!url.hostname) throw new DownloadError('proxy', `invalid proxy setting ${shown}: it names no host`);
  if ((url.pathname && url.pathname !== '/') || url.search || url.hash) {
    throw new DownloadError('proxy', `invalid proxy setting ${shown}: expected http://host:port, without a path`);
  }
  return url;
}

/** The Proxy-Authorization header value for credentials in the proxy URL, if any. */
export function proxyAuthorization(proxy: URL): string | undefined {
  if (!proxy.username && !proxy.password) return undefined;
  const creds = `${decodeURIComponent(proxy.username)}:${decodeURIComponent(proxy.password)}`;
  return `Basic ${Buffer.from(creds).toString('base64')}`;
}
