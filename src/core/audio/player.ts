import type { WordTime } from '../engine/protocol';

/**
 * The one interface both players implement: the webview player (plays where the user sits) and the system player
 * (plays on the extension host's machine through a child process). No `vscode` import here.
 */

/** One piece of synthesised speech. `index` counts from 0 within utterance `id`; `start`/`end` are offsets in the
 * utterance text (for the follow-along highlight), `text` is the chunk's text (shown in the webview panel). */
export interface AudioChunk {
  id: number;
  index: number;
  samples: Float32Array;
  sampleRate: number;
  text?: string;
  start?: number;
  end?: number;
  /** The chunk's words and when each is said (offsets in the utterance text, like start/end), when the engine sent
   * them: the webview panel follows them on its own clock. */
  words?: readonly WordTime[];
}

export type PlayerKind = 'webview' | 'system';

/** Audio between two `position` reports of a player (every player reports at this pace while it plays). */
export const POSITION_EVERY_MS = 100;

export type PlayerEvent =
  /** Chunk `index` of utterance `id` became audible (drives the highlight). `at`: wall time (Date.now() ms) the
   * output took its first sample, where the output has a device clock (the native system output). */
  | { type: 'started'; id: number; index: number; at?: number }
  /** Chunk has been played to its end (flow-control ack for the engine). */
  | { type: 'played'; id: number; index: number }
  /** Playback position inside chunk `index` (ms of its audio), every ~100 ms of audio while it plays (the word-level
   * follow-along places itself with it): from the device clock (samples the native output consumed), the webview's
   * AudioContext time, or — `estimated` — the wall time since a piped player (paplay) or a per-chunk player process
   * was handed the audio. Never sent while paused. `at`: the wall time (Date.now() ms) the position held, so a
   * receiver can tell how old the report is when it arrives. */
  | { type: 'position'; id: number; index: number; offsetMs: number; estimated?: boolean; at?: number }
  /** The output ran dry within utterance `id` and waited `gapMs` (device time) for the next chunk. */
  | { type: 'underrun'; id: number; gapMs: number }
  /** Every chunk of utterance `id` has played, after `end(id)`. */
  | { type: 'finished'; id: number }
  /** Audio is refused (webview autoplay policy) and waits for a user gesture; the queue is kept. */
  | { type: 'blocked'; reason: string }
  | { type: 'unblocked' }
  /** The user pressed a control inside the player's own UI (webview panel buttons, or the panel was closed). */
  | { type: 'userAction'; action: 'pause' | 'resume' | 'stop' }
  /** `fatal`: the player cannot play any more; the caller should fall back to the other player. */
  | { type: 'error'; message: string; fatal: boolean };

export interface Player {
  readonly kind: PlayerKind;
  /** Queue a chunk; it plays gaplessly after the previous one. */
  enqueue(chunk: AudioChunk): void;
  /** Optional: the text of every chunk of utterance `id`, before their audio (the webview panel shows it all). */
  plan?(id: number, chunks: ReadonlyArray<{ index: number; text: string }>): void;
  /** No more chunks will come for utterance `id`; `finished` follows once everything has played. */
  end(id: number): void;
  pause(): void;
  resume(): void;
  /** Silence at once and drop the queue. No events for the dropped chunks follow. */
  stop(): void;
  /** Returns a function that removes the listener. */
  onEvent(listener: (e: PlayerEvent) => void): () => void;
  dispose(): void;
}

/** Small listener list shared by the players. A throwing listener does not stop the others. */
export class PlayerEvents {
  private readonly listeners = new Set<(e: PlayerEvent) => void>();

  on(listener: (e: PlayerEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  emit(e: PlayerEvent): void {
    for (const l of [...this.listeners]) {
      try {
        l(e);
      } catch {
        /* a listener's failure is its own */
      }
    }
  }

  clear(): void {
    this.listeners.clear();
  }
}
