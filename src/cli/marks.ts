/**
 * `say --marks FILE.json`: the word times of the WAV written with --out, as a JSON array of
 * {"surface","reading","start","end","startMs","endMs","source"} in reading order. start/end are UTF-16 offsets in
 * the text read; startMs/endMs are in the WAV's timeline (the chunks follow each other without gaps); source is
 * "duration" (the model's duration output) or "estimate" (each word's share of its chunk's phoneme tokens).
 * The file is written to a temporary name beside it and renamed into place once the whole text was spoken.
 */
import * as fs from 'fs';
import * as path from 'path';
import type { WordTime } from '../core/engine/protocol';
import { CliError, UsageError } from './args';

export class MarksCollector {
  private readonly marks: WordTime[] = [];
  private samplesBefore = 0;

  constructor(readonly file: string) {}

  /** One chunk's audio, in order: its words moved onto the file's timeline. */
  add(words: readonly WordTime[] | undefined, samples: number, sampleRate: number): void {
    const offset = (this.samplesBefore / sampleRate) * 1000;
    for (const w of words ?? []) this.marks.push({ ...w, startMs: round(w.startMs + offset), endMs: round(w.endMs + offset) });
    this.samplesBefore += samples;
  }

  /** How the times were found, for one stderr line. */
  describe(): string {
    const sources = new Set(this.marks.map((m) => m.source));
    if (sources.size === 0) return 'no words to mark';
    if (sources.size > 1) return 'word times from the model duration output where it gave one, else estimated from phoneme token shares';
    return sources.has('duration') ? 'word times from the model duration output' : 'word times estimated from phoneme token shares (the model has no duration output)';
  }

  /** Writes the file (temporary name, then rename). */
  write(): void {
    const tmp = path.join(path.dirname(this.file), `.${path.basename(this.file)}.${process.pid}.tmp`);
    try {
      fs.writeFileSync(tmp, JSON.stringify(this.marks, null, 1) + '\n', { flag: 'wx' });
      fs.renameSync(tmp, this.file);
    } catch (e) {
      fs.rmSync(tmp, { force: true });
      throw new CliError(`cannot write ${this.file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
    }
  }
}

/** The --marks value: a .json file written with an --out WAV; never one of the files read (`inputs`). */
export function parseMarksOption(value: string | undefined, out: string | undefined, inputs: string[] = []): string | undefined {
  if (value === undefined) return undefined;
  if (!value || !/\.json$/i.test(value)) throw new UsageError(`--marks writes JSON: give a file name ending in .json, not '${value}'`);
  if (out === undefined) throw new UsageError('--marks gives the word times of the WAV written with --out; add --out FILE.wav');
  const file = path.resolve(value);
  const dir = path.dirname(file);
  if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) throw new CliError(`cannot write ${file}: the folder ${dir} does not exist`);
  if (fs.existsSync(file) && fs.statSync(file).isDirectory()) throw new CliError(`cannot write ${file}: it is a folder`);
  if (inputs.some((f) => path.resolve(f) === file)) throw new CliError(`will not write ${file}: it is a file being read; choose another marks file`);
  return file;
}

const round = (x: number) => Math.round(x * 10) / 10;
