/** Shared fixtures for the engine tests: paths, generated models, voice rows, and a raw worker harness. */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Worker } from 'worker_threads';
import { buildTestModel, type TestModelOptions } from '../../support/testModel';
import type { HostToWorker, WorkerToHost } from '../../../src/core/engine/protocol';

export const REPO = path.resolve(__dirname, '../../..');
export const VOICES = process.env.YOMIAGE_FIXTURE_VOICES ?? path.resolve(REPO, '../shared/fixtures/voices');
export const NEZUMI_BIN = path.join(VOICES, 'jf_nezumi.bin');
export const NEZUMI_NPY = path.join(VOICES, 'jf_nezumi.npy');
export const ALPHA_BIN = path.join(VOICES, 'jf_alpha.bin');
export const DIST_WORKER = path.join(REPO, 'dist', 'worker.js');
export const DIST_CLI = path.join(REPO, 'dist', 'cli.js');
/** The real worker, made to die after its first chunk's audio (YOMIAGE_CRASH=exit|throw): test/support/crashingWorker.js. */
export const CRASHING_WORKER = path.join(REPO, 'test', 'support', 'crashingWorker.js');
/** The developer CLI (test-model, bench on the generated model), built beside the product but never shipped. */
export const DEV_CLI = path.join(REPO, 'out', 'dev', 'cli.js');

/** The bundles must be built first (`node esbuild.js`); say so clearly instead of failing obscurely. */
export function requireDist(): void {
  for (const f of [DIST_WORKER, DIST_CLI, DEV_CLI]) {
    if (!fs.existsSync(f)) throw new Error(`${f} is missing: run 'node esbuild.js' before the engine tests`);
  }
}

let tmp: string | undefined;
export function tmpDir(): string {
  if (!tmp) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'yomiage-engine-test-'));
    process.on('exit', () => fs.rmSync(dir, { recursive: true, force: true }));
    tmp = dir;
  }
  return tmp;
}

const models = new Map<string, string>();
/** Writes (once per option set) a generated test model and returns its path. */
export function modelFile(opts: TestModelOptions = {}): string {
  const key = JSON.stringify(opts);
  let f = models.get(key);
  if (!f) {
    f = path.join(tmpDir(), `model-${models.size}.onnx`);
    fs.writeFileSync(f, buildTestModel(opts));
    models.set(key, f);
  }
  return f;
}

/** Row `frame` of a raw .bin voice pack, read straight from the file (independently of the engine's loader). */
export function voiceRow(file: string, frame: number): Float32Array {
  const b = fs.readFileSync(file);
  const out = new Float32Array(256);
  for (let i = 0; i < 256; i++) out[i] = b.readFloatLE((frame * 256 + i) * 4);
  return out;
}

export function meanAbs(row: Float32Array): number {
  let s = 0;
  for (const v of row) s += Math.abs(v);
  return s / row.length;
}

/**
 * The test model's output, computed here from its documented definition (test/support/testModel.ts header):
 * each framed id k gets L = floor(1800 / speed) samples of amp·cos(2π·(110 + 4·id)·j / 24000), amp = mean |style|.
 */
export function expectedWaveform(framedIds: readonly number[], style: Float32Array, speed: number): Float32Array {
  const len = Math.floor(1800 / Math.max(speed, 0.1));
  const amp = meanAbs(style);
  const out = new Float32Array(framedIds.length * len);
  framedIds.forEach((id, k) => {
    const hz = 110 + 4 * id;
    for (let j = 0; j < len; j++) out[k * len + j] = amp * Math.cos(((2 * Math.PI) / 24000) * hz * j);
  });
  return out;
}

export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) return Infinity;
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}

/** Token ids with a given length, cycling through real vocabulary ids (k a s i t e n o m u in Kokoro's vocab). */
export function tokens(n: number, offset = 0): number[] {
  const ids = [53, 43, 61, 51, 62, 47, 56, 57, 55, 63]; // k a s i t e n o m u
  return Array.from({ length: n }, (_, i) => ids[(i + offset) % ids.length]);
}

/** A real worker spoken to in raw protocol messages; records everything it sends. */
export class RawWorker {
  readonly worker: Worker;
  readonly messages: WorkerToHost[] = [];
  private waiters: Array<{ pred: (m: WorkerToHost) => boolean; resolve: (m: WorkerToHost) => void }> = [];
  exited: number | null = null;

  constructor(env: Record<string, string> = {}) {
    requireDist();
    this.worker = new Worker(DIST_WORKER, { env: { ...process.env, ...env } });
    this.worker.on('message', (m: WorkerToHost) => {
      this.messages.push(m);
      for (const w of [...this.waiters]) {
        if (w.pred(m)) {
          this.waiters.splice(this.waiters.indexOf(w), 1);
          w.resolve(m);
        }
      }
    });
    this.worker.on('exit', (c) => (this.exited = c));
  }

  post(m: HostToWorker): void {
    this.worker.postMessage(m);
  }

  /** Resolves with the first message (already received or future) that matches. */
  next(pred: (m: WorkerToHost) => boolean, fromIndex = 0): Promise<WorkerToHost> {
    const seen = this.messages.slice(fromIndex).find(pred);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve) => this.waiters.push({ pred, resolve }));
  }

  /** A stats round trip: the worker answers between runs, so every message it sent before is already here. */
  async settle(): Promise<Extract<WorkerToHost, { type: 'stats' }>['stats']> {
    const id = 900000 + this.messages.length;
    this.post({ type: 'stats', id });
    const m = (await this.next((x) => x.type === 'stats' && x.id === id)) as Extract<WorkerToHost, { type: 'stats' }>;
    return m.stats;
  }

  of<T extends WorkerToHost['type']>(type: T, id?: number): Extract<WorkerToHost, { type: T }>[] {
    return this.messages.filter((m) => m.type === type && (id === undefined || ('id' in m && m.id === id))) as Extract<WorkerToHost, { type: T }>[];
  }

  async close(): Promise<void> {
    if (this.exited !== null) return;
    const done = new Promise<void>((r) => this.worker.once('exit', () => r()));
    this.post({ type: 'shutdown' });
    await done;
  }
}
