/**
 * The project's one WAV writer: 16-bit PCM mono, streamed to a temporary file beside the destination as the audio
 * is made (memory stays flat whatever the length), the RIFF header written last, then an atomic rename.
 * A failure, a cancel or a signal leaves the old file or nothing, never half a WAV; a WAV cannot hold more than
 * 4 GiB (its RIFF sizes are 32-bit), so the writer stops there with a clear message instead of writing a corrupt header.
 * It has the shape of a speech session's file sink: write(chunk) … finish() or abort(). No `vscode` import.
 */
import * as fs from 'fs';
import * as path from 'path';
import { floatToS16le } from './pcm';
import { describeFileError, OutputFileError } from './outputErrors';

export const WAV_HEADER_BYTES = 44;
/** The RIFF chunk size (36 + data) is a 32-bit field: the most PCM data one WAV file can hold. */
export const WAV_MAX_DATA_BYTES = 0xffffffff - 36 - 1; // even, so that 16-bit frames always fit whole

/** The 44-byte header of a 16-bit PCM mono WAV holding `dataBytes` of samples. */
export function wavHeader(dataBytes: number, sampleRate: number): Buffer {
  if (!Number.isInteger(dataBytes) || dataBytes < 0 || dataBytes > WAV_MAX_DATA_BYTES) {
    throw new RangeError(`a WAV file cannot hold ${dataBytes} bytes of audio`);
  }
  const h = Buffer.alloc(WAV_HEADER_BYTES);
  h.write('RIFF', 0, 'ascii');
  h.writeUInt32LE(36 + dataBytes, 4);
  h.write('WAVE', 8, 'ascii');
  h.write('fmt ', 12, 'ascii');
  h.writeUInt32LE(16, 16); // fmt chunk size
  h.writeUInt16LE(1, 20); // PCM
  h.writeUInt16LE(1, 22); // mono
  h.writeUInt32LE(sampleRate, 24);
  h.writeUInt32LE(sampleRate * 2, 28); // bytes per second
  h.writeUInt16LE(2, 32); // block align
  h.writeUInt16LE(16, 34); // bits per sample
  h.write('data', 36, 'ascii');
  h.writeUInt32LE(dataBytes, 40);
  return h;
}

/** A complete WAV in memory (for the short files the players hand to a system command). */
export function wavBytes(pcm16: Buffer, sampleRate: number): Buffer {
  return Buffer.concat([wavHeader(pcm16.length, sampleRate), pcm16]);
}

/** A WAV would pass the 4 GiB limit. */
export class WavTooLarge extends OutputFileError {
  override name = 'WavTooLarge';
}

/** Hours of 16-bit mono audio at `sampleRate` that fit in one WAV file. */
export function wavLimitHours(sampleRate: number): number {
  return WAV_MAX_DATA_BYTES / (sampleRate * 2) / 3600;
}

export interface WavWriterOptions {
  /** Sample rate of the file; a chunk at another rate is refused. Default: the first chunk's. */
  sampleRate?: number;
  /** At most this many bytes of audio (default and ceiling: what a WAV can hold). */
  maxDataBytes?: number;
}

/** The audio part of a chunk the writer takes (a speech session's AudioChunk fits). */
export interface PcmChunk {
  samples: Float32Array;
  sampleRate: number;
}

/** Temporary files of writers that have not finished, for `removeUnfinishedWavFiles` (signals, exit). */
const unfinished = new Set<string>();

/**
 * Removes every temporary file of a writer in this process that has not finished, synchronously: for signal and
 * exit handlers, where nothing asynchronous runs any more.
 */
export function removeUnfinishedWavFiles(): void {
  for (const f of unfinished) {
    try {
      fs.rmSync(f, { force: true });
    } catch {
      /* nothing more can be done while the process ends */
    }
  }
  unfinished.clear();
}

/** `.NAME.PID.TIME.tmp`, the temporary file of NAME written by process PID. */
const TEMP_NAME = /^\.(.+)\.(\d+)\.(\d+)\.tmp$/;

function tempName(base: string): string {
  return `.${base}.${process.pid}.${Date.now()}.tmp`;
}

function processAlive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM'; // alive, but someone else's
  }
}

/**
 * Removes temporary WAV files in `dir` left by processes that no longer run (killed while writing). Files of live
 * processes, and anything not named like our temporary WAV files, are left alone. Returns the names removed.
 */
export function removeStaleWavTempFiles(dir: string): string[] {
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return [];
  }
  const removed: string[] = [];
  for (const name of names) {
    const m = TEMP_NAME.exec(name);
    if (!m || !/\.wav$/i.test(m[1]) || processAlive(Number(m[2]))) continue;
    try {
      const st = fs.lstatSync(path.join(dir, name));
      if (!st.isFile()) continue;
      fs.rmSync(path.join(dir, name), { force: true });
      removed.push(name);
    } catch {
      /* gone already, or not ours to remove */
    }
  }
  return removed;
}

/**
 * Where the bytes of `file` really go: a symlink is followed (to its final target, even a dangling one), so that
 * the link is written through and stays a link.
 */
export function resolveOutputTarget(file: string): string {
  let target = path.resolve(file);
  for (let hops = 0; hops < 40; hops++) {
    let st: fs.Stats;
    try {
      st = fs.lstatSync(target);
    } catch {
      return target; // does not exist (yet)
    }
    if (!st.isSymbolicLink()) return target;
    target = path.resolve(path.dirname(target), fs.readlinkSync(target));
  }
  throw new OutputFileError(`cannot write ${file}: too many symbolic links`);
}

export class WavFileWriter {
  private dataBytes = 0;
  private rate: number;
  private readonly max: number;
  private chain: Promise<void> = Promise.resolve();
  private state: 'open' | 'finishing' | 'done' | 'aborted' = 'open';
  private failure: OutputFileError | undefined;

  private constructor(
    /** The file the caller named. */
    readonly file: string,
    /** The real destination (through symlinks). */
    readonly target: string,
    /** The temporary file beside the target. */
    readonly tempPath: string,
    private readonly fd: fs.promises.FileHandle,
    private readonly mode: number | undefined,
    opts: WavWriterOptions,
  ) {
    this.rate = opts.sampleRate ?? 0;
    this.max = Math.min(opts.maxDataBytes ?? WAV_MAX_DATA_BYTES, WAV_MAX_DATA_BYTES);
  }

  /**
   * Opens the temporary file beside `file` (through a symlink, beside its target) before any audio is made, so that
   * a folder that is missing, read-only or not writable is reported at once. Stale temporary files of dead
   * processes in that folder are removed first. Errors are OutputFileError with a sentence for the user.
   */
  static async open(file: string, opts: WavWriterOptions = {}): Promise<WavFileWriter> {
    const target = resolveOutputTarget(file);
    const dir = path.dirname(target);
    let existing: fs.Stats | undefined;
    try {
      existing = fs.statSync(target);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw describeFileError(e, file, dir);
    }
    if (existing?.isDirectory()) throw new OutputFileError(`cannot write ${file}: it is a folder`);
    if (existing && !existing.isFile()) throw new OutputFileError(`cannot write ${file}: it is not a regular file`);
    removeStaleWavTempFiles(dir);
    const tempPath = path.join(dir, tempName(path.basename(target)));
    let fd: fs.promises.FileHandle;
    try {
      fd = await fs.promises.open(tempPath, 'wx', 0o666);
    } catch (e) {
      throw describeFileError(e, file, dir);
    }
    unfinished.add(tempPath);
    const w = new WavFileWriter(file, target, tempPath, fd, existing ? existing.mode & 0o7777 : undefined, opts);
    try {
      await fd.write(wavHeader(0, opts.sampleRate ?? 24000), 0, WAV_HEADER_BYTES, 0); // rewritten by finish()
    } catch (e) {
      await w.abort();
      throw describeFileError(e, file, dir);
    }
    return w;
  }

  /** Bytes of audio written so far. */
  get bytesWritten(): number {
    return this.dataBytes;
  }

  /** Appends a chunk to the temporary file. Rejects (and removes the temporary file) on a write error or at the 4 GiB limit. */
  write(chunk: PcmChunk): Promise<void> {
    return this.step(async () => {
      if (this.state !== 'open') throw new Error(`the WAV writer for ${this.file} is ${this.state}`);
      if (this.rate && chunk.sampleRate !== this.rate) {
        throw new OutputFileError(`cannot write ${this.file}: audio at ${chunk.sampleRate} Hz cannot join a file at ${this.rate} Hz`);
      }
      this.rate = chunk.sampleRate;
      const pcm = floatToS16le(chunk.samples);
      if (this.dataBytes + pcm.length > this.max) {
        throw new WavTooLarge(
          this.max === WAV_MAX_DATA_BYTES
            ? `cannot write ${this.file}: the speech is longer than a WAV file can hold (4 GiB, about ${wavLimitHours(this.rate).toFixed(1)} hours at ${this.rate} Hz); split the text and save it in parts`
            : `cannot write ${this.file}: the speech is longer than the ${this.max} bytes allowed`,
        );
      }
      await this.fd.write(pcm, 0, pcm.length, WAV_HEADER_BYTES + this.dataBytes);
      this.dataBytes += pcm.length;
    });
  }

  /** Writes the header, flushes, and renames the temporary file into place (keeping the mode of a file it replaces). */
  finish(): Promise<void> {
    return this.step(async () => {
      if (this.state !== 'open') throw new Error(`the WAV writer for ${this.file} is ${this.state}`);
      this.state = 'finishing';
      await this.fd.write(wavHeader(this.dataBytes, this.rate || 24000), 0, WAV_HEADER_BYTES, 0);
      if (this.mode !== undefined) await this.fd.chmod(this.mode);
      await this.fd.sync();
      await this.fd.close();
      await fs.promises.rename(this.tempPath, this.target);
      unfinished.delete(this.tempPath);
      this.state = 'done';
    });
  }

  /** Removes the temporary file; the destination is left as it was. Never throws. */
  async abort(): Promise<void> {
    if (this.state === 'done' || this.state === 'aborted') return;
    this.state = 'aborted';
    await this.chain.catch(() => undefined);
    await this.fd.close().catch(() => undefined);
    await fs.promises.rm(this.tempPath, { force: true }).catch(() => undefined);
    unfinished.delete(this.tempPath);
  }

  /** Steps run one after the other; the first failure removes the temporary file and is reported as a sentence. */
  private step(fn: () => Promise<void>): Promise<void> {
    const run = this.chain.then(() => {
      if (this.failure) throw this.failure; // a step after a failure reports that failure
      return fn();
    });
    this.chain = run.catch(() => undefined);
    return run.catch(async (e) => {
      this.failure ??= describeFileError(e, this.file, path.dirname(this.target));
      await this.abort();
      throw this.failure;
    });
  }
}
