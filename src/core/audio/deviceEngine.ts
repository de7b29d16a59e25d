/**
 * The child's engine for a streaming output device (device.ts): the device asks for samples and the engine hands it
 * the queued chunks back to back, so chunk boundaries are gapless. Every event comes from the device clock, the
 * samples the device has actually taken:
 *   started(i)  — the device took the first sample of chunk i (with the wall time it did);
 *   position    — where the device is inside the current chunk, every POSITION_EVERY_MS of audio;
 *   played(i)   — the device took the last sample of chunk i;
 *   underrun    — within a reading (after its first sample, before its end) the device asked and the queue was
 *                 empty; reported once the audio resumes, with how long the device waited.
 * Pause: the device is handed silence and the position freezes; nothing already queued is dropped, so resume goes on
 * from the exact next sample. Stop: the queue is dropped at once; the device keeps running on silence.
 */
import type { Frame } from './frames';
import type { AudioDevice, OpenDevice } from './device';
import { floatToS16le, resampleS16le } from './pcm';
import type { Engine, Segment, Send } from './engines';
import { POSITION_EVERY_MS } from './player';

export const DEVICE_RATE = 24000;
/** The device is closed after this long with nothing to play (it reopens on the next chunk). */
export const IDLE_CLOSE_MS = 15000;
/** A device that has not asked for samples for this long while audio waits has stalled: hand over. */
export const WATCHDOG_MS = 400;

export interface DeviceStats {
  /** Underruns within readings so far. */
  underruns: number;
  /** Longest wait of the device for the next chunk within a reading, in ms of device time. */
  maxGapMs: number;
  /** Frames the device has taken since it was opened (silence included). */
  consumed: number;
}

interface Queued extends Segment {
  /** Frames of `pcm` handed to the device. */
  handed: number;
  samples: Int16Array;
  lastPositionAt: number;
}

export class DeviceEngine implements Engine {
  private queue: Queued[] = [];
  private ended = new Set<number>();
  private open_: OpenDevice | null = null;
  private opening: Promise<void> | null = null;
  private paused = false;
  private closed = false;
  /** The utterance being read (its first sample was handed and it has not finished). */
  private reading: number | null = null;
  /** Frames of silence handed while a reading waited for its next chunk (0 when none). */
  private gapFrames = 0;
  private idleTimer: NodeJS.Timeout | undefined;
  private watchdog: NodeJS.Timeout | undefined;
  /** Requests the device has made since it was opened, and the wall time of the last one. */
  requests = 0;
  private lastRequestAt = 0;
  readonly stats: DeviceStats = { underruns: 0, maxGapMs: 0, consumed: 0 };
  private asked: (() => void) | null = null;
  /** Resolves at the device's first request for samples. */
  readonly firstRequest = new Promise<void>((r) => (this.asked = r));
  onFailure?: (reason: string, unplayed: Segment[], ended: number[]) => void;

  constructor(
    private readonly device: AudioDevice,
    private readonly send: Send,
    private readonly opts: { rate?: number; idleCloseMs?: number; watchdogMs?: number; now?: () => number } = {},
  ) {}

  get rate(): number {
    return this.opts.rate ?? DEVICE_RATE;
  }

  get isOpen(): boolean {
    return this.open_ !== null;
  }

  /** Frames per device request (0 before it is open). */
  get bufferFrames(): number {
    return this.open_?.bufferFrames ?? 0;
  }

  /** Opens the device now (before the first chunk, so its start-up costs nothing later). Rejects with the reason. */
  start(): Promise<void> {
    if (this.open_) return Promise.resolve();
    if (this.opening) return this.opening;
    this.closed = false;
    this.opening = this.device
      .open(this.rate, 1, (buf) => this.fill(buf))
      .then((d) => {
        this.opening = null;
        if (this.closed) {
          void d.close();
          return;
        }
        this.open_ = d;
        this.requests = 0;
        this.lastRequestAt = performance.now();
        this.armIdle();
        this.armWatchdog();
      })
      .catch((e: unknown) => {
        this.opening = null;
        throw new Error(`${this.device.name}: ${(e as Error)?.message ?? String(e)}`);
      });
    return this.opening;
  }

  chunk(f: Extract<Frame, { type: 'chunk' }>): void {
    this.add({ id: f.id, index: f.index, rate: f.sampleRate, pcm: floatToS16le(f.samples), start: 0, written: 0, started: false });
  }

  add(s: Segment): void {
    const pcm = resampleS16le(s.pcm, s.rate, this.rate);
    const samples = pcm.byteOffset % 2 === 0 ? new Int16Array(pcm.buffer, pcm.byteOffset, pcm.length / 2) : new Int16Array(Uint8Array.from(pcm).buffer);
    this.queue.push({ ...s, rate: this.rate, pcm, samples, handed: 0, started: false, lastPositionAt: 0 });
    clearTimeout(this.idleTimer);
    if (!this.open_) void this.start().catch((e: Error) => this.fail(e.message));
  }

  end(id: number): void {
    this.ended.add(id);
    this.settle();
  }

  pause(): void {
    this.paused = true;
  }

  resume(): void {
    this.paused = false;
  }

  stop(): void {
    this.queue = [];
    this.ended.clear();
    this.reading = null;
    this.gapFrames = 0;
    this.paused = false;
    this.armIdle();
  }

  dispose(): void {
    this.stop();
    clearTimeout(this.idleTimer);
    this.closeDevice();
  }

  /** While open: a device that stops asking while audio waits (not paused) has stalled; its queue goes on elsewhere. */
  private armWatchdog(): void {
    clearInterval(this.watchdog);
    const ms = this.opts.watchdogMs ?? WATCHDOG_MS;
    if (!Number.isFinite(ms)) return;
    this.watchdog = setInterval(() => {
      if (!this.open_) return clearInterval(this.watchdog);
      const waited = performance.now() - this.lastRequestAt;
      if (this.queue.length && !this.paused && waited > ms) {
        const bufferFrames = this.open_.bufferFrames;
        this.closeDevice();
        this.fail(`${this.device.name}: the output stopped asking for samples for ${Math.round(waited)} ms`, 2 * bufferFrames);
      }
    }, Math.max(10, Math.min(100, ms / 4)));
    this.watchdog.unref?.();
  }

  /** The device callback: hand over queued samples; silence where there are none. */
  fill(buf: Int16Array): void {
    this.asked?.();
    this.asked = null;
    this.requests++;
    this.lastRequestAt = performance.now();
    const frames = buf.length;
    let at = 0;
    if (!this.paused) {
      while (at < frames && this.queue.length) {
        const s = this.queue[0];
        if (s.handed === 0 && !s.started) this.begin(s, at);
        const n = Math.min(frames - at, s.samples.length - s.handed);
        buf.set(s.samples.subarray(s.handed, s.handed + n), at);
        s.handed += n;
        at += n;
        if (s.handed >= s.samples.length) {
          this.queue.shift();
          this.send({ type: 'played', id: s.id, index: s.index });
          this.settle();
        } else if (s.handed - s.lastPositionAt >= (POSITION_EVERY_MS / 1000) * this.rate) {
          s.lastPositionAt = s.handed;
          this.send({ type: 'position', id: s.id, index: s.index, offsetMs: Math.round((s.handed / this.rate) * 1000), at: (this.opts.now ?? Date.now)() });
        }
      }
      // Ran dry inside a reading that has more to come: the device waits for us.
      if (at < frames && this.reading !== null && !this.ended.has(this.reading)) this.gapFrames += frames - at;
    }
    this.stats.consumed += frames;
  }

  /** First sample of `s` goes out `offset` frames into the current buffer. */
  private begin(s: Queued, offset: number): void {
    s.started = true;
    if (this.gapFrames > 0 && this.reading === s.id) {
      const gapMs = Math.round(((this.gapFrames + offset) / this.rate) * 1000);
      this.stats.underruns++;
      this.stats.maxGapMs = Math.max(this.stats.maxGapMs, gapMs);
      this.send({ type: 'underrun', id: s.id, gapMs });
    }
    this.gapFrames = 0;
    this.reading = s.id;
    const now = this.opts.now ?? Date.now;
    this.send({ type: 'started', id: s.id, index: s.index, at: now() + ((offset / this.rate) * 1000) });
  }

  /** Reports utterances that have ended and fully played; arms the idle close when nothing is left. */
  private settle(): void {
    for (const id of [...this.ended]) {
      if (this.queue.some((s) => s.id === id)) continue;
      this.ended.delete(id);
      if (this.reading === id) {
        this.reading = null;
        this.gapFrames = 0;
      }
      this.send({ type: 'finished', id });
    }
    if (this.queue.length === 0) this.armIdle();
  }

  private armIdle(): void {
    clearTimeout(this.idleTimer);
    const ms = this.opts.idleCloseMs ?? IDLE_CLOSE_MS;
    if (!Number.isFinite(ms)) return;
    this.idleTimer = setTimeout(() => {
      if (this.queue.length === 0) this.closeDevice();
    }, ms);
    this.idleTimer.unref?.();
  }

  private closeDevice(): void {
    this.closed = true;
    clearInterval(this.watchdog);
    const d = this.open_;
    this.open_ = null;
    if (d) void d.close().catch(() => undefined);
  }

  /**
   * The device could not be (re)opened or stalled: hand what is left to the next backend, `held` frames back from
   * what was handed (what a stalled device still held, unheard).
   */
  private fail(reason: string, held = 0): void {
    const unplayed: Segment[] = this.queue.map((s) => {
      const from = Math.max(0, s.handed - held);
      return { id: s.id, index: s.index, rate: s.rate, pcm: s.pcm.subarray(from * 2), start: 0, written: 0, started: s.started };
    });
    const ended = [...this.ended];
    this.queue = [];
    this.ended.clear();
    this.reading = null;
    if (this.onFailure) this.onFailure(reason, unplayed, ended);
    else this.send({ type: 'error', message: reason, fatal: true });
  }
}

/**
 * The probe of a device: it must open and ask for its first samples within `timeoutMs`. Resolves to the running
 * engine (kept open, so the first chunk does not pay the device's start-up) or rejects with the reason.
 */
export async function startDeviceEngine(
  device: AudioDevice,
  send: Send,
  timeoutMs = 5000,
  opts?: ConstructorParameters<typeof DeviceEngine>[2] & { realTimeCheckMs?: number },
): Promise<DeviceEngine> {
  const e = new DeviceEngine(device, send, opts);
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${device.name}: the output did not ask for samples within ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    await Promise.race([e.start().then(() => e.firstRequest), timeout]);
    const check = opts?.realTimeCheckMs ?? 0;
    if (check > 0) {
      // A device in real time asks about once a buffer. One that took its first buffers and then waits (a sound
      // server sink rendering in long blocks) would delay the first sound by as long: refuse it.
      const before = e.requests;
      await new Promise((r) => setTimeout(r, check));
      const want = Math.floor(check / ((e.bufferFrames / e.rate) * 1000) / 2);
      if (e.requests - before < want) {
        throw new Error(`${device.name}: the output is not running in real time (${e.requests - before} requests in ${check} ms, want ${want} or more)`);
      }
    }
    return e;
  } catch (err) {
    e.dispose();
    throw err;
  } finally {
    clearTimeout(timer);
  }
}
