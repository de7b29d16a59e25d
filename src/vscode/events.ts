import * as vscode from 'vscode';
import type { ChunkInfo } from '../core/engine/protocol';

export type ReaderState = 'idle' | 'loading' | 'speaking' | 'paused';

/** Everything the extension does that a test (or a future UI) may want to observe. */
export type YomiageEvent =
  | { type: 'state'; state: ReaderState }
  | { type: 'plan'; chunks: ChunkInfo[] }
  | { type: 'chunk-started'; index: number; start: number; end: number }
  /**
   * Word `index` of chunk `chunk` is being said (word-level follow-along): its text and reading, its document
   * offsets, when it starts in the chunk's audio (`startMs`), the playback position at which it was shown (`ms`),
   * and where its time comes from (the model's durations or the phoneme estimate).
   */
  | {
      type: 'word-started';
      chunk: number;
      index: number;
      word: string;
      reading: string;
      start: number;
      end: number;
      startMs: number;
      ms: number;
      source: 'duration' | 'estimate';
    }
  | { type: 'player'; event: unknown }
  | { type: 'finished' }
  | { type: 'error'; message: string }
  | { type: 'notice'; message: string }
  /** A question put to the user (e.g. whether to download the model), with the answer given. */
  | { type: 'prompt'; message: string; answer: string | undefined };

export class EventHub implements vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<YomiageEvent>();
  readonly onEvent = this.emitter.event;
  fire(e: YomiageEvent): void {
    this.emitter.fire(e);
  }
  dispose(): void {
    this.emitter.dispose();
  }
}
