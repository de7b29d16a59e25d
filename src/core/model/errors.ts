/** Download failures, each with a code the UI can act on and a message meant for the user. */

export type DownloadErrorCode =
  | 'not-found' // 404/410: the URL is wrong; never retried
  | 'http' // another HTTP status
  | 'network' // reset, refused, closed early, DNS
  | 'timeout' // no bytes for idleTimeoutMs
  | 'redirect' // too many redirects, or a redirect without/with a bad Location
  | 'proxy' // the proxy refused or failed the tunnel
  | 'tls' // certificate problems
  | 'size' // the server offers a different size than the manifest
  | 'integrity' // SHA-256 mismatch: the file was rejected and removed
  | 'disk-full' // ENOSPC / EDQUOT, or not enough free space to start
  | 'permission' // EACCES / EPERM / EROFS / ENOTDIR: cannot write the destination
  | 'busy' // another process holds the file (deleteAssets)
  | 'cancelled'; // the AbortSignal fired; the .part file is kept for resuming

export class DownloadError extends Error {
  override name = 'DownloadError';
  constructor(
    readonly code: DownloadErrorCode,
    message: string,
    readonly retryable = false,
    readonly status?: number,
  ) {
    super(message);
  }
}

const NETWORK_CODES = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'ECONNABORTED',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENETDOWN',
  'EAI_AGAIN',
  'ERR_STREAM_PREMATURE_CLOSE',
]);
const TLS_CODES = /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|ERR_TLS|DEPTH_ZERO|HOSTNAME/;

/** Maps a file-system error to a clear DownloadError, or undefined when it is not one we explain. */
export function fsError(e: unknown, what: string): DownloadError | undefined {
  const code = (e as NodeJS.ErrnoException)?.code;
  switch (code) {
    case 'ENOSPC':
    case 'EDQUOT':
      return new DownloadError('disk-full', `not enough disk space to ${what}; free some space and try again (the partial download is kept and resumes)`);
    case 'EACCES':
    case 'EPERM':
      return new DownloadError('permission', `permission denied: cannot ${what}`);
    case 'EROFS':
      return new DownloadError('permission', `read-only file system: cannot ${what}`);
    case 'ENOTDIR':
    case 'EEXIST':
    case 'EISDIR':
      return new DownloadError('permission', `cannot ${what}: a path component is not a directory (${code})`);
    default:
      return undefined;
  }
}

/** Turns anything thrown during a transfer into a DownloadError (network errors retryable). */
export function toDownloadError(e: unknown, url: string): DownloadError {
  if (e instanceof DownloadError) return e;
  const err = e as NodeJS.ErrnoException;
  const code = err?.code ?? '';
  if (err?.name === 'AbortError') return new DownloadError('cancelled', 'download cancelled');
  if (code === 'ENOTFOUND') {
    return new DownloadError('network', `cannot resolve ${new URL(url).hostname}: no network or DNS (${code})`, true);
  }
  if (NETWORK_CODES.has(code) || err?.message === 'aborted') {
    return new DownloadError('network', `connection to ${new URL(url).host} failed: ${code || err.message}`, true);
  }
  if (TLS_CODES.test(code)) {
    return new DownloadError(
      'tls',
      `TLS certificate check failed for ${new URL(url).host} (${code}); behind an intercepting proxy set http.proxyStrictSSL to false`,
    );
  }
  const fsErr = fsError(e, 'write the download');
  if (fsErr) return fsErr;
  return new DownloadError('network', `download from ${new URL(url).host} failed: ${err?.message ?? String(e)}`, true);
}
