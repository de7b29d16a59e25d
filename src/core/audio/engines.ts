/**
 * The child's playback engines (see playerProcess.ts): StreamEngine feeds one piped player process with raw PCM
 * at real-time pace; FileEngine plays one WAV file per chunk (afplay, SoundPlayer). Both report started/played/
 * finished through `send` from measured time, never from exit codes alone.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { Frame, ChildMessage } from './frames';
import { floatToS16le, resampleS16le } from './pcm';
import { PlaybackClock } from './clock';
import { POSITION_EVERY_MS } from './player';
import { ExitInfo, FileBackend, firstLine, StreamBackend, StreamOutput, wavBytes } from './backends';

export type Send = (m: ChildMessage) => void;

export interface Segment {
  id: number;
  index: number;
  rate: number;
  pcm: Buffer; // s16le
  start: number; // stream sample where it begins (stream engines)
  written: number; // samples of it handed to the output
  started: boolean;
  /** Samples into it at the last position report (stream engines). */
  reported?: number;
}

export interface Engine {
  chunk(f: Extract<Frame, { type: 'chunk' }>): void;
  /** Queue a segment handed over from a failed backend. */
  add(s: Segment): void;
  end(id: number): void;
  pause(): void;
  resume(): void;
  stop(): void;
  dispose(): void;
  /** The backend failed for good: the engine gives back what it has not played yet. */
  onFailure?: (reason: string, unplayed: Segment[], ended: number[]) => void;
}

export const TICK_MS = 20;
export const LEAD_MS = 250;

/** Piped raw PCM: one player process per utterance run, fed at real-time pace with a small lead. */
export class StreamEngine implements Engine {
  private segments: Segment[] = [];
  private ended = new Set<number>();
  private out: StreamOutput | null = null;
  private clock: PlaybackClock | null = null;
  private rate = 0;
  private paused = false;
  private timer: NodeJS.Timeout | undefined;
  private generation = 0;
  /** The utterance being read, and when the output ran out in the middle of it (underrun counting). */
  private reading: number | null = null;
  private dryAt: number | null = null;
  onFailure?: (reason: string, unplayed: Segment[], ended: number[]) => void;

  constructor(
    private readonly backend: StreamBackend,
    private readonly send: Send,
  ) {}

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
    this.reading = this.dryAt = null;
  }

  dispose(): void {
    this.stop();
    clearInterval(this.timer);
    this.timer = undefined;
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
          this.send({ type: 'error', message: `${this.backend.name} ended with exit ${info.code}${info.stderr ? `: ${firstLine(info.stderr)}` : ''}`, fatal: false });
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
      else this.send({ type: 'error', message: reason, fatal: true });
    });
  }

  private tick(): void {
    // The timer runs only while there is something to feed or report.
    const busy = this.segments.length > 0 || this.ended.size > 0 || this.out !== null;
    if (busy && !this.timer) this.timer = setInterval(() => this.tick(), TICK_MS);
    if (!busy && this.timer) {
      clearInterval(this.timer);
      this.timer = undefined;
    }
    if (this.paused) return;
    // Feed: keep at most LEAD_MS of audio ahead of what has been heard.
    const pending = this.segments.find((s) => s.written * 2 < s.pcm.length);
    if (pending && this.out && pending.rate !== this.rate) {
      // A different rate: resample to the running stream's rate rather than restart it.
      pending.pcm = resampleS16le(pending.pcm, pending.rate, this.rate);
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
        const dryMs = clock.add(n);
        if (s.written === 0) this.underrunCheck(s, dryMs);
        s.written += n;
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
          this.send({ type: 'started', id: s.id, index: s.index, at: Date.now() });
        }
        if (s.written === len && pos >= s.start + len) {
          if (!s.started) {
            s.started = true;
            this.send({ type: 'started', id: s.id, index: s.index, at: Date.now() });
          }
          this.send({ type: 'played', id: s.id, index: s.index });
          this.segments.shift();
          continue;
        }
        if (s.started) this.reportPosition(s, pos - s.start);
        break;
      }
      if (this.segments.length === 0 && clock.buffered() === 0) {
        if (this.reading !== null && !this.ended.has(this.reading)) this.dryAt = performance.now();
        this.closeOutput(false);
      }
    }
    for (const id of [...this.ended]) {
      if (!this.segments.some((s) => s.id === id)) {
        this.send({ type: 'finished', id });
        this.ended.delete(id);
        if (this.reading === id) this.reading = this.dryAt = null;
      }
    }
  }

  /**
   * Where the output is inside `s`, about every POSITION_EVERY_MS of audio. A piped player gives no position of its
   * own: this is the clock's estimate (wall time since the data was handed over, less the backend's latency), so the
   * event says `estimated`.
   */
  private reportPosition(s: Segment, at: number): void {
    if (at <= 0 || at - (s.reported ?? 0) < (POSITION_EVERY_MS / 1000) * this.rate) return;
    s.reported = at;
    this.send({ type: 'position', id: s.id, index: s.index, offsetMs: Math.round((at / this.rate) * 1000), estimated: true, at: Date.now() });
  }

  /** The first sample of `s` was just written: within a reading, a dry output before it is an underrun. */
  private underrunCheck(s: Segment, dryMs: number): void {
    let gap = dryMs;
    if (this.dryAt !== null && this.reading === s.id) gap = Math.max(gap, performance.now() - this.dryAt + this.backend.latencyMs);
    if (this.reading === s.id && gap > 0) this.send({ type: 'underrun', id: s.id, gapMs: Math.round(gap) });
    this.reading = s.id;
    this.dryAt = null;
  }
}

/** One WAV file and one player run per chunk (afplay, SoundPlayer). Pause kills the run and resumes from the offset. */
export class FileEngine implements Engine {
  private queue: Segment[] = [];
  private ended = new Set<number>();
  private current: { seg: Segment; kill(): void; t0: number; from: number; gen: number } | null = null;
  /** Position reports of the file playing (estimated from the wall time since its player started). */
  private positionTimer: NodeJS.Timeout | undefined;
  private offset = 0; // samples of queue[0] already played
  private paused = false;
  private gen = 0;
  private dir = fs.mkdtempSync(path.join(os.tmpdir(), 'yomiage-play-'));
  onFailure?: (reason: string, unplayed: Segment[], ended: number[]) => void;

  constructor(
    private readonly backend: FileBackend,
    private readonly send: Send,
  ) {}

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
      this.stopPositions();
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
    this.stopPositions();
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
        this.send({ type: 'finished', id });
        this.ended.delete(id);
      }
    }
  }

  /**
   * A player process gives no position: it is estimated from the wall time since the process started (which is
   * before the first sound: the estimate runs a little ahead), every POSITION_EVERY_MS, `estimated`.
   */
  private startPositions(seg: Segment, from: number, t0: number, expectedMs: number): void {
    this.stopPositions();
    const fromMs = (from / seg.rate) * 1000;
    this.positionTimer = setInterval(() => {
      const elapsed = performance.now() - t0;
      if (elapsed < expectedMs) this.send({ type: 'position', id: seg.id, index: seg.index, offsetMs: Math.round(fromMs + elapsed), estimated: true, at: Date.now() });
    }, POSITION_EVERY_MS);
  }

  private stopPositions(): void {
    clearInterval(this.positionTimer);
    this.positionTimer = undefined;
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
      this.send({ type: 'started', id: seg.id, index: seg.index });
    }
    const expectedMs = ((seg.pcm.length / 2 - from) / seg.rate) * 1000;
    this.startPositions(seg, from, t0, expectedMs);
    void run.done.then((info: ExitInfo) => {
      fs.rmSync(file, { force: true });
      if (gen !== this.gen) return; // paused or stopped
      this.current = null;
      this.stopPositions();
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
        else this.send({ type: 'error', message: reason, fatal: true });
        return;
      }
      this.queue.shift();
      this.offset = 0;
      this.send({ type: 'played', id: seg.id, index: seg.index });
      this.checkFinished();
      this.next();
    });
  }
}

