/**
 * Checks made before any audio is synthesised for a WAV output: the output is none of the inputs (model, voice
 * pack, dictionary, text file: compared as the same file on disk, through symlinks and hard links), the speech can
 * fit in one WAV, and the disk has room for it. Then the writer opens its temporary file, which proves the folder
 * exists and is writable. No `vscode` import.
 */
import * as fs from 'fs';
import * as path from 'path';
import { freeBytes, OutputFileError } from './outputErrors';
import { resolveOutputTarget, WAV_HEADER_BYTES, WAV_MAX_DATA_BYTES, WavFileWriter, WavTooLarge, wavLimitHours } from './wavWriter';

/** Seconds of speech a text gives at least: every letter, kana, kanji or digit lasts ≥ 50 ms at speed 1. */
const MIN_SECONDS_PER_CHARACTER = 0.05;

/** A lower bound of the bytes a 16-bit mono WAV of `text` spoken at `speed` takes (0 for nothing speakable). */
export function minimumWavBytes(text: string, speed: number, sampleRate: number): number {
  let n = 0;
  for (const _ of text.matchAll(/[\p{L}\p{N}]/gu)) n++;
  return Math.floor((n * MIN_SECONDS_PER_CHARACTER * sampleRate) / Math.max(speed, 0.5)) * 2;
}

/** A file the output must not overwrite, and what to call it in the message ("the model", "the voice pack"). */
export interface ProtectedFile {
  file: string;
  what: string;
}

export interface WavOutputCheck {
  /** Files read for this run (the output must be none of them). */
  inputs?: ProtectedFile[];
  /** Descriptor of an input already open (stdin redirected from a file), with what to call it. */
  inputFd?: { fd: number; what: string };
  /** Lower bound of the audio bytes (see minimumWavBytes). */
  minimumBytes?: number;
  sampleRate: number;
}

function sameFile(a: fs.Stats, b: fs.Stats): boolean {
  return a.dev === b.dev && a.ino === b.ino;
}

/**
 * Refuses (OutputFileError, a sentence) an output that is one of the inputs, a speech that cannot fit in a WAV
 * file, or a disk without room for it; then opens the writer. Nothing is synthesised before this returns.
 */
export async function openCheckedWavOutput(file: string, check: WavOutputCheck): Promise<WavFileWriter> {
  const target = resolveOutputTarget(file);
  let existing: fs.Stats | undefined;
  try {
    existing = fs.statSync(target);
  } catch {
    existing = undefined; // a new file cannot be any input
  }
  if (existing) {
    for (const input of check.inputs ?? []) {
      let st: fs.Stats;
      try {
        st = fs.statSync(input.file);
      } catch {
        continue;
      }
      if (sameFile(st, existing)) throw new OutputFileError(`will not write ${file}: it is ${input.what} (${input.file}); choose another output file`);
    }
    if (check.inputFd) {
      let st: fs.Stats | undefined;
      try {
        st = fs.fstatSync(check.inputFd.fd);
      } catch {
        st = undefined;
      }
      if (st?.isFile() && sameFile(st, existing)) throw new OutputFileError(`will not write ${file}: it is ${check.inputFd.what}; choose another output file`);
    }
  }
  const minimum = check.minimumBytes ?? 0;
  if (minimum > WAV_MAX_DATA_BYTES) {
    throw new WavTooLarge(
      `cannot write ${file}: the text would give more than ${wavLimitHours(check.sampleRate).toFixed(1)} hours of speech, more than one WAV file can hold (4 GiB); split it into parts`,
    );
  }
  const writer = await WavFileWriter.open(file, { sampleRate: check.sampleRate }); // proves the folder writable
  const dir = path.dirname(target);
  const free = freeBytes(dir);
  if (free !== undefined && minimum > 0 && free < minimum + WAV_HEADER_BYTES) {
    await writer.abort();
    const mb = (n: number) => `${(n / 1e6).toFixed(1)} MB`;
    throw new OutputFileError(`cannot write ${file}: it needs at least ${mb(minimum)} and only ${mb(free)} is free in ${dir}`);
  }
  return writer;
}
