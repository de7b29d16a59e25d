/**
 * The optimised graph of a model, kept in a folder beside the models the host downloaded (the extension's storage,
 * the CLI's cache folder), so that every later cold start skips onnxruntime's graph optimisation. Only a model in
 * that folder's parent (a downloaded one) gets an entry: a model the user points at elsewhere is never copied.
 *
 * On the first load of a model the session is created with full optimisation and onnxruntime writes the optimised
 * graph to a temporary file in the folder, renamed into place once the session is good. Later loads create the
 * session from that file with optimisation disabled. The entry's name carries a hash of everything that makes the
 * optimised graph valid: the model's real path, size and modification time, the onnxruntime version, and this
 * machine's CPU (layout optimisations are specific to the instruction set). A model downloaded again, an upgraded
 * onnxruntime or a moved profile therefore never meets a stale entry; older entries of the same model are deleted
 * when a new one is written. An entry that onnxruntime cannot load (truncated, corrupt) is deleted and rebuilt.
 */
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const hash = (s: string, n: number) => crypto.createHash('sha256').update(s).digest('hex').slice(0, n);

export interface CacheEntry {
  /** Where the optimised graph is (or will be) kept. */
  file: string;
  /** Entries of the same model with another key start with this. */
  prefix: string;
  dir: string;
}

/** The entry for `modelFile` in `dir`, if the model lies in the folder `dir` belongs to (nothing is touched on disk). */
export function cacheEntry(dir: string, modelFile: string, stat: fs.Stats, ortVersion: string): CacheEntry | undefined {
  let real: string;
  let home: string;
  try {
    real = fs.realpathSync(modelFile);
    home = fs.realpathSync(path.dirname(path.resolve(dir)));
  } catch {
    return undefined;
  }
  if (path.dirname(real) !== home) return undefined;
  const key = JSON.stringify({
    format: 1,
    model: real,
    size: stat.size,
    mtimeMs: stat.mtimeMs,
    ort: ortVersion,
    arch: process.arch,
    cpu: os.cpus()[0]?.model ?? '',
  });
  const prefix = `${hash(real, 16)}-`;
  return { dir, prefix, file: path.join(dir, `${prefix}${hash(key, 16)}.onnx`) };
}

/** A unique temporary name in the entry's folder, for onnxruntime to write to (created folder included). */
export function prepareWrite(entry: CacheEntry): string | undefined {
  try {
    fs.mkdirSync(entry.dir, { recursive: true });
    return `${entry.file}.${process.pid}-${crypto.randomBytes(4).toString('hex')}.tmp`;
  } catch {
    return undefined; // no cache then; the model still loads
  }
}

/**
 * Puts a written temporary file in place and deletes the model's other files (older entries, temporary files a
 * crash left behind). Failures leave no entry.
 */
export function commitWrite(entry: CacheEntry, tmp: string): boolean {
  try {
    if (!fs.statSync(tmp).isFile()) return false;
    fs.renameSync(tmp, entry.file);
  } catch {
    discard(tmp);
    return false;
  }
  try {
    for (const name of fs.readdirSync(entry.dir)) {
      if (name.startsWith(entry.prefix) && name !== path.basename(entry.file)) discard(path.join(entry.dir, name));
    }
  } catch {
    // older entries stay; they are never loaded (their key differs)
  }
  return true;
}

export function discard(file: string): void {
  try {
    fs.rmSync(file, { force: true });
  } catch {
    // nothing more to do
  }
}
