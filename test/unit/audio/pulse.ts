/** Test helper: a real PulseAudio null sink (scripts/start-pulse.sh) and a recorder on its monitor. */
import { execFileSync, spawn, ChildProcess } from 'child_process';
import * as path from 'path';

const root = path.resolve(__dirname, '../../..');

/** Starts PulseAudio (idempotent) and points this process and its children at it. Throws when it cannot. */
export function startPulse(): void {
  const out = execFileSync('bash', [path.join(root, 'scripts/start-pulse.sh')], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  const m = /^PULSE_SERVER=(.+)$/m.exec(out);
  if (!m) throw new Error(`start-pulse.sh printed no PULSE_SERVER: ${out}`);
  process.env.PULSE_SERVER = m[1];
}

export const RATE = 24000;

/**
 * A null sink of this test process's own, made the target of every player it starts (PULSE_SINK), so audio from
 * other test files playing at the same time never mixes into what this one records. Returns an unload function.
 */
export function ownSink(): { name: string; unload(): void } {
  const name = `yomiage_test_${process.pid}`;
  const id = execFileSync('pactl', ['load-module', 'module-null-sink', `sink_name=${name}`], { encoding: 'utf8' }).trim();
  process.env.PULSE_SINK = name;
  sinkName = name;
  return { name, unload: () => execFileSync('pactl', ['unload-module', id]) };
}
let sinkName = 'yomiage_null';

/** Records the null sink's monitor as 24 kHz mono s16le until stopped. */
export class MonitorRecorder {
  private child: ChildProcess;
  private chunks: Buffer[] = [];
  readonly ready: Promise<void>;

  constructor() {
    this.child = spawn('parec', ['-d', `${sinkName}.monitor`, '--raw', '--format=s16le', `--rate=${RATE}`, '--channels=1', '--latency-msec=20'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.ready = new Promise((r) => this.child.stdout!.once('data', () => r()));
    this.child.stdout!.on('data', (d: Buffer) => this.chunks.push(d));
  }

  /** Samples recorded so far. */
  get length(): number {
    return this.chunks.reduce((n, c) => n + c.length, 0) / 2;
  }

  async stop(): Promise<Int16Array> {
    await new Promise<void>((r) => {
      this.child.once('close', () => r());
      this.child.kill('SIGTERM');
    });
    const b = Buffer.concat(this.chunks);
    const out = new Int16Array(b.length / 2);
    for (let i = 0; i < out.length; i++) out[i] = b.readInt16LE(i * 2);
    return out;
  }
}

/** Indices of the first and last sample above `level`, and how many are above it. */
export function loudness(x: Int16Array, level = 1000): { first: number; last: number; count: number } {
  let first = -1;
  let last = -1;
  let count = 0;
  for (let i = 0; i < x.length; i++) {
    if (Math.abs(x[i]) > level) {
      count++;
      if (first < 0) first = i;
      last = i;
    }
  }
  return { first, last, count };
}

/** Longest run of near-silent samples between `from` and `to`. */
export function longestQuiet(x: Int16Array, from: number, to: number, level = 300): number {
  return quietRuns(x, from, to, level).reduce((m, r) => Math.max(m, r.length), 0);
}

/** Every run of near-silent samples between `from` and `to` (start index and length), in order. */
export function quietRuns(x: Int16Array, from: number, to: number, level = 300, min = 1): Array<{ at: number; length: number }> {
  const runs: Array<{ at: number; length: number }> = [];
  let run = 0;
  for (let i = from; i <= to + 1; i++) {
    if (i <= to && Math.abs(x[i]) < level) run++;
    else {
      if (run >= min) runs.push({ at: i - run, length: run });
      run = 0;
    }
  }
  return runs;
}

/** Frequency estimate from zero crossings in a window. */
export function frequency(x: Int16Array, from: number, len: number): number {
  let z = 0;
  for (let i = from + 1; i < from + len && i < x.length; i++) if ((x[i - 1] < 0) !== (x[i] < 0)) z++;
  return (z / 2) * (RATE / len);
}

export function tone(freq: number, seconds: number, amp = 0.3): Float32Array {
  const n = Math.round(seconds * RATE);
  const s = new Float32Array(n);
  for (let i = 0; i < n; i++) s[i] = amp * Math.sin((2 * Math.PI * freq * i) / RATE);
  return s;
}

/** `pactl list sink-inputs` entries playing into this process's sink only. */
export function sinkInputs(): string {
  const sinks = execFileSync('pactl', ['list', 'short', 'sinks'], { encoding: 'utf8' });
  const line = sinks.split('\n').find((l) => l.split('\t')[1] === sinkName);
  if (!line) throw new Error(`sink ${sinkName} not found`);
  const idx = line.split('\t')[0];
  const all = execFileSync('pactl', ['list', 'sink-inputs'], { encoding: 'utf8' });
  return all
    .split(/\n(?=Sink Input #)/)
    .filter((b) => new RegExp(`^\\s*Sink: ${idx}$`, 'm').test(b))
    .join('\n');
}

/** Which of `candidates` (Hz) carries the most power in a window (Goertzel): robust to the odd glitch. */
export function dominant(x: Int16Array, from: number, len: number, candidates: number[]): number {
  let best = candidates[0];
  let bestPower = -1;
  for (const f of candidates) {
    const w = (2 * Math.PI * f) / RATE;
    const k = 2 * Math.cos(w);
    let s1 = 0;
    let s2 = 0;
    for (let i = from; i < from + len && i < x.length; i++) {
      const s0 = x[i] + k * s1 - s2;
      s2 = s1;
      s1 = s0;
    }
    const power = s1 * s1 + s2 * s2 - k * s1 * s2;
    if (power > bestPower) {
      bestPower = power;
      best = f;
    }
  }
  return best;
}
