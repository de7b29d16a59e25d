/**
 * Where playback is, measured from what was handed to the output and when, for players that give no position of
 * their own (a piped `paplay`, `aplay`, `speaker`). Positions are in samples of the stream.
 *
 * Model: the output plays in real time from the moment data is available, stalls (silently) when it runs dry and
 * restarts when new data comes, and freezes while paused. `latencyMs` is the output's own delay before the first
 * sample is heard.
 */
export class PlaybackClock {
  private written = 0;
  /** Wall time (ms) at which stream sample 0 is (virtually) heard; null before the first data. */
  private base: number | null = null;
  private pausedAt: number | null = null;

  constructor(
    readonly sampleRate: number,
    private readonly now: () => number = () => performance.now(),
    private readonly latencyMs = 0,
  ) {}

  /** `n` more samples were handed to the output. Returns how long (ms) the output had been dry, 0 if it was not. */
  add(n: number): number {
    if (n <= 0) return 0;
    const t = this.pausedAt ?? this.now();
    let dryMs = 0;
    if (this.base === null) {
      this.base = t + this.latencyMs;
    } else if (this.position() >= this.written) {
      // The output ran dry (or never started): it restarts now with the new data.
      dryMs = Math.max(0, t + this.latencyMs - (this.base + (this.written / this.sampleRate) * 1000));
      this.base = t + this.latencyMs - (this.written / this.sampleRate) * 1000;
    }
    this.written += n;
    return dryMs;
  }

  /** Samples heard so far (never more than were written). */
  position(): number {
    if (this.base === null) return 0;
    const t = this.pausedAt ?? this.now();
    const p = Math.floor(((t - this.base) * this.sampleRate) / 1000);
    return Math.max(0, Math.min(this.written, p));
  }

  /** Samples written but not yet heard. */
  buffered(): number {
    return this.written - this.position();
  }

  get total(): number {
    return this.written;
  }

  get paused(): boolean {
    return this.pausedAt !== null;
  }

  pause(): void {
    if (this.pausedAt === null) this.pausedAt = this.now();
  }

  resume(): void {
    if (this.pausedAt === null) return;
    if (this.base !== null) this.base += this.now() - this.pausedAt;
    this.pausedAt = null;
  }

  reset(): void {
    this.written = 0;
    this.base = null;
    this.pausedAt = null;
  }
}
