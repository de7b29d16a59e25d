/**
 * `yomiage say --stats`: what the system player measured while it played, printed as the last line of stdout:
 * {"backend","first_sound_ms","chunks","underruns","max_gap_ms"}. first_sound_ms runs from the command's start to
 * the first sample the output took (the `at` of the first `started`); underruns and max_gap_ms are the output's own
 * count of waits for the next chunk within the reading (0 when gapless).
 */
import type { Player, PlayerEvent } from '../core/audio/player';

export interface SayStats {
  backend: string;
  first_sound_ms: number | null;
  chunks: number;
  underruns: number;
  max_gap_ms: number;
}

export class PlaybackStats {
  private firstAt: number | null = null;
  private readonly started = new Set<number>();
  private underruns = 0;
  private maxGap = 0;

  /** `startEpochMs`: Date.now() at the command's start. */
  constructor(private readonly startEpochMs: number) {}

  attach(player: Player, id: number): void {
    player.onEvent((e) => this.onEvent(e, id));
  }

  private onEvent(e: PlayerEvent, id: number): void {
    if (!('id' in e) || e.id !== id) return;
    if (e.type === 'started') {
      this.firstAt ??= e.at ?? Date.now();
      this.started.add(e.index);
    } else if (e.type === 'underrun') {
      this.underruns++;
      this.maxGap = Math.max(this.maxGap, e.gapMs);
    }
  }

  result(backend: string): SayStats {
    return {
      backend,
      first_sound_ms: this.firstAt === null ? null : Math.max(0, Math.round(this.firstAt - this.startEpochMs)),
      chunks: this.started.size,
      underruns: this.underruns,
      max_gap_ms: Math.round(this.maxGap),
    };
  }
}
