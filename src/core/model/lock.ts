/**
 * A cross-process lock file (`<file>.lock`), created with O_EXCL and holding pid, host and time. The holder
 * refreshes its mtime (heartbeat); a lock is stale when its pid is gone (same host) or it has not been refreshed
 * for `staleMs`. Another process (a second VS Code window) waits for it and then uses the finished file.
 */
import * as fs from 'fs';
import * as os from 'os';

export interface LockOptions {
  /** A lock not refreshed for this long is stale. Default 60 000 ms; the holder refreshes every staleMs / 4. */
  staleMs?: number;
}

export interface LockContent {
  pid: number;
  hostname: string;
  createdAt: string;
  token: string;
}

export class FileLock {
  private timer: NodeJS.Timeout | undefined;
  private released = false;
  constructor(
    readonly path: string,
    readonly content: LockContent,
    staleMs: number,
  ) {
    this.timer = setInterval(() => {
      const now = new Date();
      fs.utimes(this.path, now, now, () => undefined);
    }, Math.max(50, Math.floor(staleMs / 4)));
    this.timer.unref();
  }

  /** Removes the lock if it is still ours. Safe to call twice. */
  release(): void {
    if (this.released) return;
    this.released = true;
    if (this.timer) clearInterval(this.timer);
    try {
      const now = readLock(this.path);
      if (now && now.token === this.content.token) fs.unlinkSync(this.path);
    } catch {
      /* already gone */
    }
  }
}

/** Parses a lock file; undefined when missing or not (yet) complete. */
export function readLock(file: string): LockContent | undefined {
  try {
    const j = JSON.parse(fs.readFileSync(file, 'utf8')) as LockContent;
    return typeof j.pid === 'number' && typeof j.token === 'string' ? j : undefined;
  } catch {
    return undefined;
  }
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Why a lock is stale, or undefined while it is live (or gone). */
export function staleReason(file: string, staleMs: number): string | undefined {
  let st: fs.Stats;
  try {
    st = fs.statSync(file);
  } catch {
    return undefined;
  }
  const c = readLock(file);
  const age = Date.now() - st.mtimeMs;
  if (c && c.hostname === os.hostname() && c.pid !== process.pid && !pidAlive(c.pid)) return `process ${c.pid} is gone`;
  if (age > staleMs) return `not refreshed for ${Math.round(age / 1000)} s`;
  return undefined;
}

/** Whether a live process (this one or another) holds the lock. */
export function isLocked(file: string, staleMs = 60_000): boolean {
  return fs.existsSync(file) && staleReason(file, staleMs) === undefined;
}

/** Tries once to take the lock. Returns null when someone else holds a live lock; removes a stale one first. */
export function tryLock(file: string, opts: LockOptions = {}): FileLock | null {
  const staleMs = opts.staleMs ?? 60_000;
  const content: LockContent = {
    pid: process.pid,
    hostname: os.hostname(),
    createdAt: new Date().toISOString(),
    token: `${process.pid}-${Date.now()}-${Math.random().toString(36).slice(2)}`,
  };
  for (let attempt = 0; attempt < 2; attempt++) {
    let fd: number;
    try {
      fd = fs.openSync(file, fs.constants.O_CREAT | fs.constants.O_EXCL | fs.constants.O_WRONLY, 0o644);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      const before = readLock(file);
      if (staleReason(file, staleMs) === undefined) return null;
      // Stale: remove it only if it is still the same lock we judged (another waiter may have replaced it).
      const again = readLock(file);
      if (before?.token !== again?.token) return null;
      try {
        fs.unlinkSync(file);
      } catch {
        /* someone else removed it */
      }
      continue;
    }
    try {
      fs.writeSync(fd, JSON.stringify(content));
    } finally {
      fs.closeSync(fd);
    }
    return new FileLock(file, content, staleMs);
  }
  return null;
}
