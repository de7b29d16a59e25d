/**
 * `--out` of `yomiage say`: what it names (a .wav file, or - for standard output), the checks made before any
 * audio is synthesised, and the clean-up when the run is interrupted (SIGINT, SIGTERM, SIGHUP) or killed (stale
 * temporary files of dead processes go on the next run, see WavFileWriter.open).
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { pipeline } from 'stream/promises';
import { OutputFileError } from '../core/audio/outputErrors';
import { removeUnfinishedWavFiles, type PcmChunk } from '../core/audio/wavWriter';
import { openCheckedWavOutput, type WavOutputCheck } from '../core/audio/wavOutput';
import { CliError, UsageError } from './args';

export type OutTarget = { kind: 'file'; file: string } | { kind: 'stdout' };

/** The --out value as a target; undefined when --out was not given (the speech is played). */
export function parseOutOption(value: string | undefined): OutTarget | undefined {
  if (value === undefined) return undefined;
  if (value === '') throw new UsageError('--out needs a file name: FILE.wav, or - for standard output');
  if (value === '-') return { kind: 'stdout' };
  if (!/\.wav$/i.test(value)) {
    throw new UsageError(`--out writes WAV audio only: give a file name ending in .wav, not '${value}'`);
  }
  return { kind: 'file', file: path.resolve(value) };
}

/** Where `say` puts the audio: write(chunk) in order, then finish() or abort(). */
export interface WavOutput {
  write(chunk: PcmChunk): Promise<void>;
  finish(): Promise<void>;
  abort(): Promise<void>;
}

let scratchDirs: string[] = [];

function removeScratch(): void {
  for (const d of scratchDirs) fs.rmSync(d, { recursive: true, force: true });
  scratchDirs = [];
}

let handlersInstalled = false;
/**
 * On SIGINT/SIGTERM/SIGHUP, removes the temporary files of unfinished writers, then lets the signal end the
 * process as it would have; on any exit removes those still left.
 */
function removeTempFilesOnInterrupt(): void {
  if (handlersInstalled) return;
  handlersInstalled = true;
  const cleanup = () => {
    removeUnfinishedWavFiles();
    removeScratch();
  };
  process.on('exit', cleanup);
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    const onSignal = () => {
      cleanup();
      process.stderr.write(`yomiage say: interrupted; nothing was written\n`);
      // die of the signal itself, as the shell expects (128 + n), without tearing down the busy engine thread
      process.off(sig, onSignal);
      process.kill(process.pid, sig);
    };
    process.on(sig, onSignal);
  }
}

/**
 * Opens the output after the checks of openCheckedWavOutput (output none of the inputs, fits in a WAV, room on the
 * disk, folder writable). Standard output gets the WAV once it is complete (its header needs the final size): the
 * audio goes to a private temporary file first, removed afterwards.
 */
export async function openSayOutput(target: OutTarget, check: WavOutputCheck): Promise<WavOutput> {
  removeTempFilesOnInterrupt();
  if (target.kind === 'stdout' && process.stdout.isTTY) {
    throw new UsageError('--out - writes binary WAV data: redirect standard output to a file or a program');
  }
  let scratch: string | undefined;
  let file: string;
  if (target.kind === 'stdout') {
    scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'yomiage-'));
    scratchDirs.push(scratch);
    file = path.join(scratch, 'speech.wav');
  } else {
    file = target.file;
  }
  let writer;
  try {
    writer = await openCheckedWavOutput(file, check);
  } catch (e) {
    if (scratch) fs.rmSync(scratch, { recursive: true, force: true });
    if (e instanceof OutputFileError) throw new CliError(e.message);
    throw e;
  }
  const done = () => {
    if (!scratch) return;
    fs.rmSync(scratch, { recursive: true, force: true });
    scratchDirs = scratchDirs.filter((d) => d !== scratch);
  };
  const asCliError = (e: unknown) => (e instanceof OutputFileError ? new CliError(e.message) : e);
  return {
    write: (c) => writer.write(c).catch((e) => Promise.reject(asCliError(e))),
    async finish() {
      try {
        await writer.finish();
        if (scratch) await pipeline(fs.createReadStream(file), process.stdout, { end: false });
      } catch (e) {
        throw asCliError(e);
      } finally {
        done();
      }
    },
    async abort() {
      await writer.abort();
      done();
    },
  };
}
