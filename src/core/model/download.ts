/**
 * Downloads one manifest file into a folder so that the folder only ever holds the complete verified file
 * (`DEST/<file>`) or a resumable `DEST/<file>.part` — never a broken file under the final name.
 *
 * - streams to `<file>.part`, hashing as it goes; resumes with `Range` (the bytes on disk are hashed, not fetched);
 *   a server that ignores Range (200) or answers with the wrong Content-Range restarts the file cleanly;
 * - retries transient failures (5xx, 408, 429, resets, timeouts) with exponential backoff; 404 fails at once;
 * - checks size and SHA-256, writes the verification record, then renames `.part` to the final name atomically;
 *   a wrong hash deletes the `.part`;
 * - concurrent calls for the same file share one transfer in this process, and `<file>.lock` makes other
 *   processes wait for it and then use the finished file;
 * - AbortSignal cancels and keeps the `.part`.
 */
import { createHash, Hash } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { DownloadError, fsError, toDownloadError } from './errors';
import type { ClientRequest } from 'http';
import { getFollowingRedirects, HttpOptions, timeoutOf } from './http';
import { tryLock } from './lock';
import type { AssetSpec } from './manifest';
import { checkInstalled, expectedHash, hashFile, VerifiedRecord, writeRecord } from './verify';

export interface DownloadProgress {
  file: string;
  /** Bytes of this file on disk so far (including a resumed prefix). */
  received: number;
  /** Size of this file, when known. */
  total: number | undefined;
  /** Recent transfer rate of this file. */
  bytesPerSecond: number;
  /** 'waiting': another process is downloading it (received = its .part size). */
  phase: 'connecting' | 'downloading' | 'verifying' | 'waiting' | 'done';
}

export interface DownloadEvent {
  file: string;
  kind: 'resume' | 'restart' | 'retry' | 'waiting-for-lock' | 'stale-lock' | 'hash-recorded' | 'rejected-existing';
  message: string;
}

export interface DownloadOptions extends HttpOptions {
  onProgress?: (p: DownloadProgress) => void;
  onEvent?: (e: DownloadEvent) => void;
  /** Retries after a transient failure (attempts that made progress do not count). Default 5. */
  retries?: number;
  /** First backoff delay; doubles per retry up to retryMaxMs, with jitter. Defaults 500 / 8000 ms. */
  retryBaseMs?: number;
  retryMaxMs?: number;
  /** Lock staleness and the waiter's poll interval. Defaults 60 000 / 500 ms. */
  lockStaleMs?: number;
  lockPollMs?: number;
  /** Fail before writing when the file system has less free space than the rest of the file. Default true. */
  checkFreeSpace?: boolean;
  /** Minimum interval between progress callbacks. Default 100 ms. */
  progressIntervalMs?: number;
}

export interface DownloadResult {
  path: string;
  size: number;
  sha256: string;
  /** 'cached': already present and verified. 'waited': another process downloaded it. */
  status: 'downloaded' | 'cached' | 'waited';
  hashSource: VerifiedRecord['source'];
  /** Bytes this call fetched over the network (0 when cached). */
  bytesFetched: number;
}

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve, reject) => {
    if (signal?.aborted) return reject(new DownloadError('cancelled', 'download cancelled'));
    const t = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(t);
      reject(new DownloadError('cancelled', 'download cancelled'));
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });

/** Rate over the last few seconds. */
class RateMeter {
  private samples: Array<[number, number]> = [];
  add(bytesTotal: number): number {
    const now = Date.now();
    this.samples.push([now, bytesTotal]);
    while (this.samples.length > 2 && now - this.samples[0][0] > 3000) this.samples.shift();
    const [t0, b0] = this.samples[0];
    return now > t0 ? ((bytesTotal - b0) * 1000) / (now - t0) : 0;
  }
}

function parseContentRange(v: string | undefined): { start: number; end: number; total: number | undefined } | undefined {
  const m = v ? /^bytes (\d+)-(\d+)\/(\d+|\*)$/.exec(v.trim()) : null;
  if (!m) return undefined;
  return { start: Number(m[1]), end: Number(m[2]), total: m[3] === '*' ? undefined : Number(m[3]) };
}

function fileSize(p: string): number {
  try {
    return fs.statSync(p).size;
  } catch {
    return 0;
  }
}

/** Checks the size the server offers against the manifest. */
function checkOfferedSize(spec: AssetSpec, total: number | undefined, host: string): void {
  if (total === undefined) return;
  if (spec.sizeExact && total !== spec.size) {
    throw new DownloadError('size', `${host} offers ${spec.file} with ${total} bytes, but the manifest says ${spec.size}; not downloading it`);
  }
  if (!spec.sizeExact && Math.abs(total - spec.size) > spec.size * 0.1) {
    throw new DownloadError('size', `${host} offers ${spec.file} with ${total} bytes, far from the expected size of about ${spec.size}; not downloading it`);
  }
}

function checkSpace(dir: string, needed: number, file: string): void {
  let free: number;
  try {
    const s = fs.statfsSync(dir);
    free = s.bavail * s.bsize;
  } catch {
    return; // statfs unsupported: rely on ENOSPC
  }
  if (free < needed) {
    const mb = (n: number) => (n / 1e6).toFixed(1);
    throw new DownloadError('disk-full', `not enough disk space in ${dir} for ${file}: ${mb(needed)} MB needed, ${mb(free)} MB free`);
  }
}

const WRITE_BATCH = 1 << 20;

async function writeAll(fh: fs.promises.FileHandle, buf: Buffer): Promise<void> {
  let off = 0;
  while (off < buf.length) {
    const { bytesWritten } = await fh.write(buf, off, buf.length - off);
    off += bytesWritten;
  }
}

/** The transfer itself, run while holding the lock. */
async function transfer(spec: AssetSpec, finalPath: string, opts: DownloadOptions): Promise<DownloadResult> {
  const part = `${finalPath}.part`;
  const dir = path.dirname(finalPath);
  const fileName = spec.file;
  const emit = (kind: DownloadEvent['kind'], message: string) => opts.onEvent?.({ file: fileName, kind, message });
  const meter = new RateMeter();
  const interval = opts.progressIntervalMs ?? 100;
  let lastProgress = 0;
  let total: number | undefined = spec.sizeExact ? spec.size : undefined;
  const progress = (received: number, phase: DownloadProgress['phase'], force = false) => {
    const rate = meter.add(received);
    const now = Date.now();
    if (!force && now - lastProgress < interval) return;
    lastProgress = now;
    opts.onProgress?.({ file: fileName, received, total, bytesPerSecond: rate, phase });
  };

  // What is on disk already: hash it instead of fetching it again.
  let have = fileSize(part);
  let hash: Hash = createHash('sha256');
  if (have > 0 && total !== undefined && have > total) {
    emit('restart', `${fileName}.part is larger than the file (${have} > ${total}); starting again`);
    fs.truncateSync(part, 0);
    have = 0;
  }
  if (have > 0) {
    emit('resume', `resuming ${fileName} from ${have} bytes`);
    progress(have, 'verifying', true);
    hash = await hashFile(part, have);
  }

  let bytesFetched = 0;
  let failures = 0;
  let totalAttempts = 0;
  let useRange = true;
  const retries = opts.retries ?? 5;
  const url = new URL(spec.url);
  for (;;) {
    if (total !== undefined && have === total) break; // complete on disk (e.g. crash before rename)
    const fetchedBefore = bytesFetched;
    let activeReq: ClientRequest | undefined;
    try {
      if (opts.signal?.aborted) throw new DownloadError('cancelled', 'download cancelled');
      totalAttempts++;
      progress(have, 'connecting', true);
      const headers: Record<string, string> = {};
      if (have > 0 && useRange) headers.range = `bytes=${have}-`;
      const { res, req, url: finalUrl } = await getFollowingRedirects(url, headers, opts);
      activeReq = req;
      const status = res.statusCode ?? 0;
      const host = finalUrl.host;
      try {
        let offeredTotal: number | undefined;
        if (status === 416) {
          const cr = parseContentRange(res.headers['content-range']?.replace(/^bytes \*\//, 'bytes 0-0/'));
          res.resume();
          if (cr?.total !== undefined && cr.total === have) {
            checkOfferedSize(spec, cr.total, host);
            total = cr.total;
            break;
          }
          emit('restart', `${host} rejected the resume range for ${fileName}; starting again`);
          useRange = false;
          throw new DownloadError('network', 'range not satisfiable', true);
        }
        if (status === 404 || status === 410) {
          res.resume();
          throw new DownloadError('not-found', `${fileName} not found at ${finalUrl.href} (HTTP ${status})`, false, status);
        }
        if (status === 206) {
          const cr = parseContentRange(res.headers['content-range']);
          if (!cr || cr.start !== have) {
            res.resume();
            emit('restart', `${host} answered the resume of ${fileName} with range ${res.headers['content-range'] ?? '(none)'}; starting again`);
            useRange = false;
            fs.truncateSync(part, 0);
            have = 0;
            hash = createHash('sha256');
            throw new DownloadError('network', 'unexpected Content-Range', true);
          }
          offeredTotal = cr.total;
        } else if (status === 200) {
          if (have > 0) {
            emit('restart', `${host} does not support resuming; downloading ${fileName} again from the start`);
            fs.truncateSync(part, 0);
            have = 0;
            hash = createHash('sha256');
          }
          const cl = res.headers['content-length'];
          offeredTotal = cl !== undefined && /^\d+$/.test(cl) ? Number(cl) : undefined;
        } else {
          res.resume();
          const transient = status >= 500 || status === 408 || status === 429;
          throw new DownloadError('http', `${host} answered HTTP ${status} ${res.statusMessage ?? ''} for ${fileName}`.trim(), transient, status);
        }
        checkOfferedSize(spec, offeredTotal, host);
        if (offeredTotal !== undefined) total = offeredTotal;
        if (opts.checkFreeSpace !== false && total !== undefined) checkSpace(dir, total - have, fileName);

        let fh: fs.promises.FileHandle;
        try {
          fh = await fs.promises.open(part, have > 0 ? 'a' : 'w');
        } catch (e) {
          throw fsError(e, `write ${part}`) ?? e;
        }
        try {
          // Chunks are gathered into ~1 MiB writes; the hash and `have` only ever cover bytes written to the .part.
          const pending: Buffer[] = [];
          let pendingLen = 0;
          const flush = async () => {
            if (!pendingLen) return;
            const buf = pending.length === 1 ? pending[0] : Buffer.concat(pending, pendingLen);
            pending.length = 0;
            pendingLen = 0;
            // Hash while the thread pool writes; if the write fails the hash is dropped with the error (disk
            // errors are not retried in-process; a later run re-hashes the .part from disk).
            const written = writeAll(fh, buf);
            hash.update(buf);
            try {
              await written;
            } catch (e) {
              throw fsError(e, `write ${part}`) ?? e;
            }
            have += buf.length;
            bytesFetched += buf.length;
          };
          let streamError: unknown;
          try {
            for await (const chunk of res as AsyncIterable<Buffer>) {
              if (total !== undefined && have + pendingLen + chunk.length > total) {
                throw new DownloadError('size', `${host} sent more than the ${total} bytes of ${fileName}`);
              }
              pending.push(chunk);
              pendingLen += chunk.length;
              if (pendingLen >= WRITE_BATCH) await flush();
              progress(have + pendingLen, 'downloading');
            }
          } catch (e) {
            streamError = e;
          }
          // Whatever ended the stream (a drop, a stall, cancel), keep the bytes that did arrive — unless the disk failed.
          const diskFailed = streamError instanceof DownloadError && (streamError.code === 'disk-full' || streamError.code === 'permission');
          if (!diskFailed) await flush();
          if (streamError) throw streamError;
          await fh.sync().catch(() => undefined);
        } finally {
          await fh.close().catch(() => undefined);
        }
        if (total !== undefined && have < total) {
          throw new DownloadError('network', `connection closed after ${have} of ${total} bytes of ${fileName}`, true);
        }
        if (total === undefined) total = have;
        break;
      } finally {
        req.destroy();
      }
    } catch (e) {
      const err = (activeReq && timeoutOf(activeReq)) ?? toDownloadError(e, url.href);
      if (!err.retryable || opts.signal?.aborted) throw opts.signal?.aborted ? new DownloadError('cancelled', 'download cancelled') : err;
      if (bytesFetched > fetchedBefore) failures = 0; // progress was made: a fresh budget
      failures++;
      if (failures > retries || totalAttempts > 100) {
        throw new DownloadError(err.code, `${err.message} (gave up after ${totalAttempts} attempts${have > 0 ? '; run the download again to resume' : ''})`, false, err.status);
      }
      const base = opts.retryBaseMs ?? 500;
      const delay = Math.min(opts.retryMaxMs ?? 8000, base * 2 ** (failures - 1)) * (0.75 + Math.random() * 0.5);
      emit('retry', `${err.message}; retrying in ${(delay / 1000).toFixed(1)} s`);
      await sleep(delay, opts.signal);
    }
  }

  // Verify size and hash, then record and rename.
  progress(have, 'verifying', true);
  if (spec.sizeExact && have !== spec.size) {
    fs.rmSync(part, { force: true });
    throw new DownloadError('integrity', `${fileName} has ${have} bytes, expected ${spec.size}; the download was removed`);
  }
  const digest = hash.digest('hex');
  const want = expectedHash(spec, finalPath);
  if (want && digest !== want.sha256) {
    fs.rmSync(part, { force: true });
    const whose = want.source === 'manifest' ? 'the manifest' : 'the hash recorded on the first download';
    const reset = want.source === 'first-download' ? ` (to accept a changed file, delete the downloaded model, which forgets the recorded hash)` : '';
    throw new DownloadError('integrity', `${fileName} failed its SHA-256 check against ${whose} (got ${digest.slice(0, 12)}…, expected ${want.sha256.slice(0, 12)}…); the download was removed${reset}`);
  }
  const source: VerifiedRecord['source'] = want ? want.source : 'first-download';
  try {
    const st = fs.statSync(part);
    writeRecord(finalPath, {
      version: 1,
      file: fileName,
      url: spec.url,
      size: st.size,
      mtimeMs: st.mtimeMs,
      sha256: digest,
      source,
      verifiedAt: new Date().toISOString(),
    });
    fs.renameSync(part, finalPath);
  } catch (e) {
    throw fsError(e, `finish ${finalPath}`) ?? e;
  }
  if (!want) emit('hash-recorded', `${fileName} has no published SHA-256; recorded ${digest} from this first download`);
  progress(have, 'done', true);
  return { path: finalPath, size: have, sha256: digest, status: 'downloaded', hashSource: source, bytesFetched };
}

/**
 * mkdir -p that reports the real cause: Node's recursive mkdir says ENOENT on a read-only file system, so on ENOENT
 * the first missing folder is created on its own to surface EROFS/EACCES.
 */
function makeDir(dir: string): void {
  try {
    fs.mkdirSync(dir, { recursive: true });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    let missing = path.resolve(dir);
    while (!fs.existsSync(path.dirname(missing)) && path.dirname(missing) !== missing) missing = path.dirname(missing);
    fs.mkdirSync(missing); // throws the real error
    throw e;
  }
}

/** Checks, locks (across processes) and downloads one file. */
async function downloadLocked(spec: AssetSpec, dest: string, opts: DownloadOptions): Promise<DownloadResult> {
  const finalPath = path.join(dest, spec.file);
  const lockPath = `${finalPath}.lock`;
  const emit = (kind: DownloadEvent['kind'], message: string) => opts.onEvent?.({ file: spec.file, kind, message });
  try {
    makeDir(dest);
  } catch (e) {
    throw fsError(e, `create the folder ${dest}`) ?? e;
  }
  const cached = async (status: DownloadResult['status']): Promise<DownloadResult | undefined> => {
    const s = await checkInstalled(spec, finalPath);
    if (s.state === 'ok') {
      const r: DownloadResult = { path: finalPath, size: s.record.size, sha256: s.record.sha256, status, hashSource: s.record.source, bytesFetched: 0 };
      opts.onProgress?.({ file: spec.file, received: r.size, total: r.size, bytesPerSecond: 0, phase: 'done' });
      return r;
    }
    return undefined;
  };
  const first = await cached('cached');
  if (first) return first;

  const meter = new RateMeter();
  let waited = false;
  for (;;) {
    if (opts.signal?.aborted) throw new DownloadError('cancelled', 'download cancelled');
    let lock;
    try {
      lock = tryLock(lockPath, { staleMs: opts.lockStaleMs });
    } catch (e) {
      throw fsError(e, `create ${lockPath}`) ?? e;
    }
    if (lock) {
      try {
        if (waited) {
          const done = await cached('waited');
          if (done) return done;
        }
        const s = await checkInstalled(spec, finalPath);
        if (s.state === 'bad' || s.state === 'unverifiable') {
          emit('rejected-existing', `${s.reason}; downloading it again`);
          // Only a file that is known bad is removed now; an unverifiable one is replaced atomically on success.
          if (s.state === 'bad') fs.rmSync(finalPath, { force: true });
        } else if (s.state === 'ok') {
          return { path: finalPath, size: s.record.size, sha256: s.record.sha256, status: waited ? 'waited' : 'cached', hashSource: s.record.source, bytesFetched: 0 };
        }
        return await transfer(spec, finalPath, opts);
      } finally {
        lock.release();
      }
    }
    if (!waited) emit('waiting-for-lock', `another process is downloading ${spec.file}; waiting for it`);
    waited = true;
    const partSize = fileSize(`${finalPath}.part`);
    opts.onProgress?.({
      file: spec.file,
      received: partSize,
      total: spec.sizeExact ? spec.size : undefined,
      bytesPerSecond: meter.add(partSize),
      phase: 'waiting',
    });
    await sleep(opts.lockPollMs ?? 500, opts.signal);
  }
}

interface Shared {
  promise: Promise<DownloadResult>;
  controller: AbortController;
  listeners: Set<(p: DownloadProgress) => void>;
  eventListeners: Set<(e: DownloadEvent) => void>;
  refs: number;
}
const inflight = new Map<string, Shared>();

/**
 * Downloads `spec` into `dest/<spec.file>` (or finds it there, verified). Calls for the same file in this process
 * share one transfer; each caller gets progress and may cancel on its own (the transfer stops when every caller
 * has cancelled). Transfer options (proxy, timeouts, retries) are those of the first caller.
 */
export function downloadAsset(spec: AssetSpec, dest: string, opts: DownloadOptions = {}): Promise<DownloadResult> {
  const key = path.resolve(dest, spec.file);
  let shared = inflight.get(key);
  if (!shared) {
    const controller = new AbortController();
    const s: Shared = { controller, listeners: new Set(), eventListeners: new Set(), refs: 0, promise: undefined as never };
    s.promise = downloadLocked(spec, dest, {
      ...opts,
      signal: controller.signal,
      onProgress: (p) => s.listeners.forEach((l) => l(p)),
      onEvent: (e) => s.eventListeners.forEach((l) => l(e)),
    }).finally(() => inflight.delete(key));
    s.promise.catch(() => undefined);
    inflight.set(key, s);
    shared = s;
  }
  const s = shared;
  s.refs++;
  if (opts.onProgress) s.listeners.add(opts.onProgress);
  if (opts.onEvent) s.eventListeners.add(opts.onEvent);
  return new Promise<DownloadResult>((resolve, reject) => {
    let settled = false;
    const detach = () => {
      settled = true;
      opts.signal?.removeEventListener('abort', onAbort);
      if (opts.onProgress) s.listeners.delete(opts.onProgress);
      if (opts.onEvent) s.eventListeners.delete(opts.onEvent);
    };
    const onAbort = () => {
      if (settled) return;
      detach();
      if (--s.refs === 0) {
        s.controller.abort();
        // Report once the transfer has really stopped, so the caller sees a settled .part.
        s.promise.then(
          () => reject(new DownloadError('cancelled', 'download cancelled')),
          () => reject(new DownloadError('cancelled', 'download cancelled')),
        );
      } else {
        reject(new DownloadError('cancelled', 'download cancelled'));
      }
    };
    if (opts.signal?.aborted) return onAbort();
    opts.signal?.addEventListener('abort', onAbort, { once: true });
    s.promise.then(
      (r) => {
        if (settled) return;
        detach();
        s.refs--;
        resolve(r);
      },
      (e) => {
        if (settled) return;
        detach();
        s.refs--;
        reject(e);
      },
    );
  });
}
