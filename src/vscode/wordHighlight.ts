import type { WordTime } from '../core/engine/protocol';
import { WordFollower, type WordChange } from '../core/speech/wordFollow';
import type { EventHub } from './events';
import type { Highlighter } from './highlight';
import { readSettings } from './settings';

/**
 * The editor's word-level follow-along: each chunk's word times (from its audio message) and the player's
 * playback positions go into a WordFollower (core); each word it makes current is highlighted inside the sentence
 * (`yomiage.highlightWords`) and announced as a `word-started` event. One reading at a time, like the Reader.
 */
export class WordHighlight {
  private readonly follower = new WordFollower<WordTime>((c) => this.onChange(c));
  private listeners: Array<(c: WordChange<WordTime>) => void> = [];

  constructor(
    private readonly highlighter: Highlighter,
    private readonly events: EventHub,
  ) {}

  /** Calls `f` with every word change (the status bar shows the word too). */
  onWord(f: (c: WordChange<WordTime>) => void): void {
    this.listeners.push(f);
  }

  /** The word times of chunk `index`; their offsets are relative to `base`, like the chunks'. */
  words(index: number, base: number, words: readonly WordTime[] | undefined): void {
    if (!words?.length) return;
    this.highlighter.addWords(index, base, words);
    this.follower.setWords(index, words);
  }

  started(index: number): void {
    this.follower.started(index);
  }

  /** A position report of the player (`at`: the wall time it held, when the player says). */
  position(index: number, offsetMs: number, at?: number): void {
    this.follower.position(index, offsetMs, at);
  }

  pause(): void {
    this.follower.pause();
  }

  resume(): void {
    this.follower.resume();
  }

  /** The reading ended, stopped or gave way to another: nothing is followed any more. */
  reset(): void {
    this.follower.reset();
  }

  private onChange(c: WordChange<WordTime>): void {
    const s = readSettings();
    const shown = this.highlighter.showWord(c.chunk, c.word ? c.index : -1, s.highlight && s.highlightWords);
    if (c.word && shown) {
      this.events.fire({
        type: 'word-started',
        chunk: c.chunk,
        index: c.index,
        word: c.word.surface,
        reading: c.word.reading,
        start: shown.start,
        end: shown.end,
        startMs: c.word.startMs,
        ms: Math.round(c.ms),
        source: c.word.source,
      });
    }
    for (const l of this.listeners) l(c);
  }
}
