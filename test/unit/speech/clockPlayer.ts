/**
 * An in-process Player for the session tests: it "plays" each chunk for its real duration (divided by `rate`) on
 * timers, in order, and reports started/played/finished as a real player does. It can pause, stop, and die
 * (`fail()`: a fatal error, as a system player whose process was killed). It records what it was given.
 */
import type { AudioChunk, Player, PlayerEvent } from '../../../src/core/audio/player';
import { PlayerEvents } from '../../../src/core/audio/player';

export class ClockPlayer implements Player {
  readonly kind: 'webview' | 'system';
  readonly received: AudioChunk[] = [];
  readonly log: string[] = [];
  private readonly events = new PlayerEvents();
  private queue: AudioChunk[] = [];
  private ended = new Set<number>();
  private playing: { chunk: AudioChunk; left: number; since: number; timer?: NodeJS.Timeout } | undefined;
  private paused = false;
  private dead = false;
  disposed = false;

  constructor(opts: { kind?: 'webview' | 'system'; rate?: number } = {}) {
    this.kind = opts.kind ?? 'system';
    this.rate = opts.rate ?? 1;
  }
  private readonly rate: number;

  enqueue(chunk: AudioChunk): void {
    if (this.dead) return;
    this.received.push(chunk);
    this.log.push(`enqueue ${chunk.id}/${chunk.index}`);
    this.queue.push(chunk);
    this.next();
  }

  plan(id: number, chunks: ReadonlyArray<{ index: number; text: string }>): void {
    this.log.push(`plan ${id}:${chunks.length}`);
  }

  end(id: number): void {
    this.log.push(`end ${id}`);
    this.ended.add(id);
    this.next();
  }

  pause(): void {
    this.log.push('pause');
    if (this.paused) return;
    this.paused = true;
    const p = this.playing;
    if (p?.timer) {
      clearTimeout(p.timer);
      p.timer = undefined;
      p.left -= performance.now() - p.since;
    }
  }

  resume(): void {
    this.log.push('resume');
    if (!this.paused) return;
    this.paused = false;
    if (this.playing) this.arm();
    else this.next();
  }

  stop(): void {
    this.log.push('stop');
    if (this.playing?.timer) clearTimeout(this.playing.timer);
    this.playing = undefined;
    this.queue = [];
  }

  /** Dies as a killed player process does: a fatal error, and nothing plays any more. */
  fail(message = 'player process killed'): void {
    this.stop();
    this.dead = true;
    this.events.emit({ type: 'error', message, fatal: true });
  }

  onEvent(listener: (e: PlayerEvent) => void): () => void {
    return this.events.on(listener);
  }

  dispose(): void {
    this.stop();
    this.disposed = true;
    this.events.clear();
  }

  private next(): void {
    if (this.playing || this.paused || this.dead) return;
    const chunk = this.queue.shift();
    if (!chunk) {
      for (const id of [...this.ended]) {
        this.ended.delete(id);
        this.events.emit({ type: 'finished', id });
      }
      return;
    }
    const p = { chunk, left: ((chunk.samples.length / chunk.sampleRate) * 1000) / this.rate, since: 0 };
    this.playing = p;
    this.events.emit({ type: 'started', id: chunk.id, index: chunk.index });
    if (this.playing === p && !this.paused) this.arm(); // a listener may have stopped or paused it
  }

  private arm(): void {
    const p = this.playing;
    if (!p) return;
    p.since = performance.now();
    p.timer = setTimeout(() => {
      if (this.playing !== p) return;
      this.playing = undefined;
      this.events.emit({ type: 'played', id: p.chunk.id, index: p.chunk.index });
      this.next();
    }, Math.max(0, p.left));
  }
}
