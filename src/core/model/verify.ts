/**
 * Verification records: `<file>.verified.json` next to each finished file holds its size, mtime and SHA-256, so a
 * 300 MB model is hashed once, not on every run. For files whose manifest hash is null (unpublished), the record
 * made after the first complete download (source "first-download") is the reference later checks compare with.
 */
import { createHash } from 'crypto';
import * as fs from 'fs';
import type { AssetSpec } from './manifest';

export interface VerifiedRecord {
  version: 1;
  file: string;
  url: string;
  size: number;
  mtimeMs: number;
  sha256: string;
  /** "manifest": matched the manifest's hash. "first-download": no published hash; recorded on first download. */
  source: 'manifest' | 'first-download';
  verifiedAt: string;
}

export const recordPath = (finalPath: string) => `${finalPath}.verified.json`;

export function readRecord(finalPath: string): VerifiedRecord | undefined {
  try {
    const r = JSON.parse(fs.readFileSync(recordPath(finalPath), 'utf8')) as VerifiedRecord;
    return r && r.version === 1 && typeof r.sha256 === 'string' && typeof r.size === 'number' ? r : undefined;
  } catch {
    return undefined;
  }
}

/** Writes the record atomically (temp file + rename). */
export function writeRecord(finalPath: string, rec: VerifiedRecord): void {
  const p = recordPath(finalPath);
  const tmp = `${p}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, JSON.stringify(rec, null, 2) + '\n');
  fs.renameSync(tmp, p);
}

/** SHA-256 of a whole file (or its first `length` bytes), streamed. */
export async function hashFile(file: string, length?: number, into = createHash('sha256')) {
  if (length === 0) return into;
  const stream = fs.createReadStream(file, { highWaterMark: 1 << 20, ...(length !== undefined ? { end: length - 1 } : {}) });
  for await (const chunk of stream) into.update(chunk as Buffer);
  return into;
}

/** The hash a download of `spec` must have: the manifest's, else one recorded by an earlier first download. */
export function expectedHash(spec: AssetSpec, finalPath: string): { sha256: string; source: VerifiedRecord['source'] } | undefined {
  if (spec.sha256) return { sha256: spec.sha256, source: 'manifest' };
  const rec = readRecord(finalPath);
  if (rec && rec.source === 'first-download' && rec.url === spec.url) return { sha256: rec.sha256, source: 'first-download' };
  return undefined;
}

export type InstalledState =
  | { state: 'ok'; record: VerifiedRecord; rehashed: boolean }
  | { state: 'missing' }
  | { state: 'unverifiable'; reason: string }
  | { state: 'bad'; reason: string };

/**
 * Is `finalPath` the verified file of `spec`? Uses the record when size and mtime still match (no hashing);
 * otherwise hashes the file (unless `quick`, which then answers 'unverifiable').
 */
export async function checkInstalled(spec: AssetSpec, finalPath: string, quick = false): Promise<InstalledState> {
  let st: fs.Stats;
  try {
    st = fs.statSync(finalPath);
  } catch {
    return { state: 'missing' };
  }
  if (!st.isFile()) return { state: 'bad', reason: `${finalPath} is not a file` };
  if (spec.sizeExact && st.size !== spec.size) {
    return { state: 'bad', reason: `${spec.file} has ${st.size} bytes, expected ${spec.size}` };
  }
  const rec = readRecord(finalPath);
  const want = expectedHash(spec, finalPath);
  if (rec && want && rec.sha256 === want.sha256 && rec.size === st.size && rec.mtimeMs === st.mtimeMs) {
    return { state: 'ok', record: rec, rehashed: false };
  }
  if (!want) return { state: 'unverifiable', reason: `${spec.file} has no published hash and no record of a verified download` };
  if (quick) return { state: 'unverifiable', reason: `${spec.file} changed since it was verified` };
  const digest = (await hashFile(finalPath)).digest('hex');
  if (digest !== want.sha256) {
    return { state: 'bad', reason: `${spec.file} does not match its SHA-256 (${want.source === 'manifest' ? 'manifest' : 'recorded on first download'})` };
  }
  const record: VerifiedRecord = {
    version: 1,
    file: spec.file,
    url: spec.url,
    size: st.size,
    mtimeMs: st.mtimeMs,
    sha256: digest,
    source: want.source,
    verifiedAt: new Date().toISOString(),
  };
  writeRecord(finalPath, record);
  return { state: 'ok', record, rehashed: true };
}
