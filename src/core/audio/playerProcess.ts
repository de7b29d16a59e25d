/**
 * Child process of the system player (bundled to dist/player.js). Reads frames (./frames.ts) on stdin, plays them
 * through the first backend that passes a real probe, and reports JSON lines on stdout:
 * ready/unavailable, then started/played/finished from measured timing, and error.
 *
 * Arguments: --backends=a,b,c  (order to try; default: platform order)   --without=a,b   --probe-only
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Frame, FrameDecoder, ChildMessage } from './frames';
import { floatToS16le, resampleLinear } from './player';
import { PlaybackClock } from './clock';
import {
  Backend,
  BackendName,
  BACKEND_NAMES,
  defaultOrder,
  ExitInfo,
  FileBackend,
  firstLine,
  probeBackend,
  resolveBackend,
  StreamBackend,
  StreamOutput,
  wavBytes,
} from './backends';

function send(m: ChildMessage): void {
  process.stdout.write(JSON.stringify(m) + '\n');
}

interface Segment {
  id: number;
  index: number;
  rate: number;
  pcm: Buffer; // s16le
  start: number; // stream sample where it begins (stream engines)
  written: number; // samples of it handed to the output
  started: boolean;
}

interface Engine {
  chunk(f: Extract<Frame, { type: 'chunk' }>): void;
  end(id: number): void;
  pause(): void;
  resume(): void;
  stop(): void;
  /** The backend failed for good: the engine gives back what it has not played yet. */
  onFailure?: (reason: string, unplayed: Segment[], ended: number[]) => void;
}

const TICK_MS = 20;
const LEAD_MS = 250;

/** Piped raw PCM: one player process per utterance run, fed at real-time pace with a small lead. */
class StreamEngine implements Engine {
  private segments: Segment[] = [];
  private ended = new Set<number>();
  private out: StreamOutput | null = null;
  private clock: PlaybackClock | null = null;
  private rate = 0;
  private paused = false;
  private timer: NodeJS.Timeout;
  private generation = 0;
  onFailure?: (reason: string, unplayed: Segment[], ended: number[]) => void;

  constructor(private readonly backend: StreamBackend) {
    this.timer = setInterval(() => this.tick(), TICK_MS);
  }

  chunk(f: Extract<Frame, { type: 'chunk' }>): void {
    this.add({ id: f.id, index: f.index, rate: f.sampleRate, pcm: floatToS16le(f.samples), start: 0, written: 0, started: false });
  }

  add(s: Segment): void {
    this.segments.push(s);
    this.tick();
  }

  end(id: number): void {
    this.ended.add(id);
    this.tick();
  }

  pause(): void {
    if (this.paused) return;
    this.paused = true;
    this.clock?.pause();
    this.out?.pause();
  }

  resume(): void {
    if (!this.paused) return;
    this.paused = false;
    this.out?.resume();
    this.clock?.resume();
    this.tick();
  }

  stop(): void {
    this.closeOutput(true);
    this.segments = [];
    this.ended.clear();
    this.paused = false;
  }

  dispose(): void {
    clearInterval(this.timer);
    this.stop();
  }

  private closeOutput(kill: boolean): void {
    this.generation++;
    if (this.out) {
      if (kill) this.out.kill();
      else this.out.end();
    }
    this.out = null;
    this.clock = null;
  }

  private open(rate: number): void {
    const gen = ++this.generation;
    this.rate = rate;
    this.out = this.backend.open(rate);
    this.clock = new PlaybackClock(rate, () => performance.now(), this.backend.latencyMs);
    if (this.paused) this.clock.pause();
    this.out.onExit((info) => {
      if (gen !== this.generation) {
        if (info.code !== 0 && info.code !== null && !info.signal) {
          send({ type: 'error', message: `${this.backend.name} ended with exit ${info.code}${info.stderr ? `: ${firstLine(info.stderr)}` : ''}`, fatal: false });
        }
        return;
      }
      // It died while it still had audio to play: not a normal end, whatever the exit code says.
      this.out = null;
      this.clock = null;
      const reason = `${this.backend.name} stopped while playing (exit ${info.code ?? info.signal})${info.stderr ? `: ${firstLine(info.stderr)}` : ''}`;
      const unplayed = this.segments.map((s) => ({ ...s, written: 0, started: s.started }));
      const ended = [...this.ended];
      this.segments = [];
      this.ended.clear();
      if (this.onFailure) this.onFailure(reason, unplayed, ended);
      else send({ type: 'error', message: reason, fatal: true });
    });
  }

  private tick(): void {
    if (this.paused) return;
    // Feed: keep at most LEAD_MS of audio ahead of what has been heard.
    const pending = this.segments.find((s) => s.written * 2 < s.pcm.length);
    if (pending && this.out && pending.rate !== this.rate) {
      // A different rate: resample to the running stream's rate rather than restart it.
      const f = new Float32Array(pending.pcm.length / 2);
      for (let i = 0; i < f.length; i++) f[i] = pending.pcm.readInt16LE(i * 2) / 32768;
      pending.pcm = floatToS16le(resampleLinear(f, pending.rate, this.rate));
      pending.rate = this.rate;
    }
    if (pending && !this.out) this.open(pending.rate);
    const out = this.out;
    const clock = this.clock;
    if (out && clock) {
      const lead = Math.round((LEAD_MS / 1000) * this.rate);
      for (const s of this.segments) {
        const left = s.pcm.length / 2 - s.written;
        if (left <= 0) continue;
        const room = lead - clock.buffered();
        if (room <= 0) break;
        if (s.written === 0) s.start = clock.total;
        const n = Math.min(left, room);
        out.write(s.pcm.subarray(s.written * 2, (s.written + n) * 2));
        s.written += n;
        clock.add(n);
        if (s.written * 2 < s.pcm.length) break;
      }
      // Report from the measured position.
      const pos = clock.position();
      while (this.segments.length) {
        const s = this.segments[0];
        if (s.written === 0) break;
        const len = s.pcm.length / 2;
        if (!s.started && pos > s.start) {
          s.started = true;
          send({ type: 'started', id: s.id, index: s.index });
        }
        if (s.written === len && pos >= s.start + len) {
          if (!s.started) {
            s.started = true;
            send({ type: 'started', id: s.id, index: s.index });
          }
          send({ type: 'played', id: s.id, index: s.index });
          this.segments.shift();
          continue;
        }
        break;
      }
      if (this.segments.length === 0 && clock.buffered() === 0) this.closeOutput(false);
    }
    if (this.segments.length === 0) {
      for (const id of this.ended) send({ type: 'finished', id });
      this.ended.clear();
    } else {
      for (const id of [...this.ended]) {
        if (!this.segments.some((s) => s.id === id)) {
          send({ type: 'finished', id });
          this.ended.delete(id);
        }
      }
    }
  }
}

/** One WAV file and one player run per chunk (afplay, SoundPlayer). Pause kills the run and resumes from the offset. */
class FileEngine implements Engine {
  private queue: Segment[] = [];
  private ended = new Set<number>();
  private current: { seg: Segment; kill(): void; t0: number; from: number; gen: number } | null = null;
  private offset = 0; // samples of queue[0] already played
  private paused = false;
  private gen = 0;
  private dir = fs.mkdtempSync(path.join(os.tmpdir(), 'yomiage-play-'));
  onFailure?: (reason: string, unplayed: Segment[], ended: number[]) => void;

  constructor(private readonly backend: FileBackend) {}

  chunk(f: Extract<Frame, { type: 'chunk' }>): void {
    this.add({ id: f.id, index: f.index, rate: f.sampleRate, pcm: floatToS16le(f.samples), start: 0, written: 0, started: false });
  }

  add(s: Segment): void {
    this.queue.push(s);
    this.next();
  }

  end(id: number): void {
    this.ended.add(id);
    this.checkFinished();
  }

  pause(): void {
    if (this.paused) return;
    this.paused = true;
    if (this.current) {
      const played = Math.floor(((performance.now() - this.current.t0) / 1000) * this.current.seg.rate);
      this.offset = Math.min(this.current.seg.pcm.length / 2, this.current.from + Math.max(0, played));
      this.gen++;
      this.current.kill();
      this.current = null;
    }
  }

  resume(): void {
    if (!this.paused) return;
    this.paused = false;
    this.next();
  }

  stop(): void {
    this.gen++;
    this.current?.kill();
    this.current = null;
    this.queue = [];
    this.ended.clear();
    this.offset = 0;
    this.paused = false;
  }

  dispose(): void {
    this.stop();
    fs.rmSync(this.dir, { recursive: true, force: true });
  }

  private checkFinished(): void {
    for (const id of [...this.ended]) {
      if (!this.queue.some((s) => s.id === id)) {
        send({ type: 'finished', id });
        this.ended.delete(id);
      }
    }
  }

  private next(): void {
    if (this.paused || this.current || this.queue.length === 0) return;
    const seg = this.queue[0];
    const from = this.offset;
    const file = path.join(this.dir, `${seg.id}-${seg.index}-${from}.wav`);
    fs.writeFileSync(file, wavBytes(seg.pcm.subarray(from * 2), seg.rate));
    const gen = ++this.gen;
    const run = this.backend.play(file);
    const t0 = performance.now();
    this.current = { seg, kill: run.kill, t0, from, gen };
    if (!seg.started) {
      seg.started = true;
      send({ type: 'started', id: seg.id, index: seg.index });
    }
    const expectedMs = ((seg.pcm.length / 2 - from) / seg.rate) * 1000;
    void run.done.then((info: ExitInfo) => {
      fs.rmSync(file, { force: true });
      if (gen !== this.gen) return; // paused or stopped
      this.current = null;
      const elapsed = performance.now() - t0;
      const bad =
        info.code !== 0 || info.signal
          ? `exit ${info.code ?? info.signal}`
          : elapsed < expectedMs * 0.5 - 50
            ? `exited after ${Math.round(elapsed)} ms of a ${Math.round(expectedMs)} ms chunk`
            : '';
      if (bad) {
        const reason = `${this.backend.name}: ${bad}${info.stderr ? `: ${firstLine(info.stderr)}` : ''}`;
        const unplayed = this.queue.map((s) => ({ ...s }));
        const ended = [...this.ended];
        this.queue = [];
        this.ended.clear();
        this.offset = 0;
        if (this.onFailure) this.onFailure(reason, unplayed, ended);
        else send({ type: 'error', message: reason, fatal: true });
        return;
      }
      this.queue.shift();
      this.offset = 0;
      send({ type: 'played', id: seg.id, index: seg.index });
      this.checkFinished();
      this.next();
    });
  }
}

function parseList(argv: string[], flag: string): BackendName[] | null {
  const a = argv.find((x) => x.startsWith(`--${flag}=`));
  if (!a) return null;
  const names = a.slice(flag.length + 3).split(',').map((s) => s.trim()).filter(Boolean);
  for (const n of names) if (!BACKEND_NAMES.includes(n as BackendName)) throw new Error(`unknown backend ${n}`);
  return names as BackendName[];
}

/** Probes the candidates in order; returns the first usable one and the reasons the others were refused. */
async function pickBackend(order: BackendName[], tried: string[]): Promise<Backend | null> {
  for (const name of order) {
    const { backend, reason } = resolveBackend(name);
    if (!backend) {
      tried.push(reason);
      continue;
    }
    const why = await probeBackend(backend);
    if (why) {
      tried.push(why);
      continue;
    }
    return backend;
  }
  return null;
}

function makeEngine(b: Backend): StreamEngine | FileEngine {
  return b.kind === 'stream' ? new StreamEngine(b) : new FileEngine(b);
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const without = new Set(parseList(argv, 'without') ?? []);
  let order = (parseList(argv, 'backends') ?? defaultOrder()).filter((n) => !without.has(n));
  const tried: string[] = [];

  // Frames may arrive while probing: keep them.
  const early: Frame[] = [];
  let engine: (StreamEngine | FileEngine) | null = null;
  const decoder = new FrameDecoder();
  let closing = false;
  const shutdown = () => {
    if (closing) return;
    closing = true;
    engine?.dispose();
    // Let the last stdout lines flush.
    setTimeout(() => process.exit(0), 20);
  };
  const handle = (f: Frame) => {
    if (f.type === 'close') return shutdown();
    if (!engine) return void early.push(f);
    switch (f.type) {
      case 'chunk':
        return engine.chunk(f);
      case 'end':
        return engine.end(f.id);
      case 'pause':
        return engine.pause();
      case 'resume':
        return engine.resume();
      case 'stop':
        return engine.stop();
    }
  };
  process.stdin.on('data', (d: Buffer) => {
    let frames: Frame[];
    try {
      frames = decoder.push(d);
    } catch (e) {
      send({ type: 'error', message: `player protocol: ${(e as Error).message}`, fatal: true });
      return shutdown();
    }
    for (const f of frames) handle(f);
  });
  process.stdin.on('end', shutdown);

  const backend = await pickBackend(order, tried);
  if (!backend) {
    send({ type: 'unavailable', reason: tried.length ? tried.join('; ') : 'no audio player for this platform', tried });
    return shutdown();
  }
  send({ type: 'ready', backend: backend.name, detail: tried.length ? `skipped: ${tried.join('; ')}` : undefined });
  if (argv.includes('--probe-only')) return shutdown();

  const install = (b: Backend) => {
    const e = makeEngine(b);
    e.onFailure = (reason, unplayed, ended) => {
      // Try the next backend from the chunk that was playing; say so, and give up loudly if none is left.
      order = order.slice(order.indexOf(b.name) + 1);
      void pickBackend(order, tried).then((nb) => {
        if (!nb) {
          send({ type: 'error', message: reason, fatal: true });
          return;
        }
        send({ type: 'error', message: `${reason}; continuing with ${nb.name}`, fatal: false });
        e.dispose();
        engine = install(nb);
        for (const s of unplayed) engine.add({ ...s, written: 0, start: 0 });
        for (const id of ended) engine.end(id);
      });
    };
    return e;
  };
  engine = install(backend);
  for (const f of early.splice(0)) handle(f);
}

main().catch((e) => {
  send({ type: 'error', message: `player process: ${(e as Error).message}`, fatal: true });
  process.exit(1);
});
