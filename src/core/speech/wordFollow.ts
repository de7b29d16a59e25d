/**
 * Word-level follow-along: which word of a chunk is being said, from the playback position the player reports
 * (the device clock, the webview's AudioContext time, or a player's own estimate) and the chunk's word times
 * (core/engine/wordTimes.ts). No `vscode` import: the editor's highlight and the status bar are driven from here.
 */

/** What the mapping needs of a word: when it is said, in ms from the start of its chunk's audio. */
export interface TimedWord {
  startMs: number;
  endMs: number;
}

/**
 * Index of the word said at `ms` into its chunk, or -1 before the first word. A word is said from its start to the
 * start of the next word: in a pause between two words (a comma) and after the last word (the closing silence) the
 * previous word stays current, so the highlight does not flicker off and on. Words of zero length (a word whose
 * phonemes were not found, so it has no time of its own) are never current. Times are taken in reading order.
 */
export function wordIndexAt(words: readonly TimedWord[], ms: number): number {
  if (!Number.isFinite(ms)) return -1;
  let found = -1;
  for (let i = 0; i < words.length; i++) {
    const w = words[i];
    if (w.startMs > ms) break;
    if (w.endMs > w.startMs) found = i;
  }
  return found;
}

/** The time of the next word after `current` that can become current (its start), or undefined. */
function nextStart(words: readonly TimedWord[], current: number): number | undefined {
  for (let i = current + 1; i < words.length; i++) if (words[i].endMs > words[i].startMs) return words[i].startMs;
  return undefined;
}

/** The word that became current: chunk index, word index in that chunk (-1: none yet), the word itself. */
export interface WordChange<W extends TimedWord> {
  chunk: number;
  index: number;
  word: W | undefined;
  /** The playback position (ms into the chunk) at which the change was found. */
  ms: number;
}

/**
 * Between two position reports the position is carried forward on the host's clock (the audio runs in real time),
 * at most this far past the last report: a player that stops reporting (a stalled device) does not let the
 * highlight run on ahead of the audio. Players report about every 100 ms.
 */
export const MAX_CARRY_MS = 300;

export interface FollowerClock {
  /** A monotonic clock (ms) for carrying the position forward. */
  now(): number;
  /** The wall clock (Date.now() ms) the players stamp their reports with. */
  wall(): number;
  setTimer(f: () => void, ms: number): unknown;
  clearTimer(t: unknown): void;
}

const realClock: FollowerClock = {
  now: () => performance.now(),
  wall: () => Date.now(),
  setTimer: (f, ms) => setTimeout(f, ms),
  clearTimer: (t) => clearTimeout(t as ReturnType<typeof setTimeout>),
};

/**
 * Follows the playback of one reading word by word. The caller feeds it each chunk's word times as the audio
 * arrives, and the player's `started` / `position` events; it calls `onChange` each time another word (or none)
 * becomes current. Between reports it moves on by itself at the next word's start (so a word is not shown up to a
 * report interval late), never more than MAX_CARRY_MS past the last report. Within a chunk it only moves forward.
 * Pause freezes it; reset clears it.
 */
export class WordFollower<W extends TimedWord> {
  private readonly words = new Map<number, readonly W[]>();
  private chunk = -1;
  private index = -1;
  /** The last reported position and the host time it came. */
  private anchor: { chunk: number; ms: number; at: number } | undefined;
  private paused = false;
  private timer: unknown;
  /** The smallest delivery delay seen in this reading (ms; it holds any offset between the two machines' clocks). */
  private minAge: number | undefined;

  constructor(
    private readonly onChange: (c: WordChange<W>) => void,
    private readonly clock: FollowerClock = realClock,
  ) {}

  /** The word times of chunk `chunk` (from its audio message). */
  setWords(chunk: number, words: readonly W[]): void {
    this.words.set(chunk, words);
    if (this.anchor?.chunk === chunk) this.update();
  }

  /** Chunk `chunk` became audible: its position is 0. */
  started(chunk: number): void {
    this.position(chunk, 0);
  }

  /**
   * The player's position inside chunk `chunk`, in ms of its audio; `sentAt`: the wall time the position held, when
   * the player says. A report delivered later than the quickest one of the reading is dated back by the difference
   * (at most MAX_CARRY_MS): the position has moved on meanwhile. Only the difference counts, so a panel on another
   * machine whose clock is set differently (a remote window) does not shift the highlight.
   */
  position(chunk: number, ms: number, sentAt?: number): void {
    if (!Number.isFinite(ms) || ms < 0) return;
    let late = 0;
    if (sentAt !== undefined && Number.isFinite(sentAt)) {
      const age = this.clock.wall() - sentAt;
      this.minAge = Math.min(this.minAge ?? age, age);
      late = Math.min(MAX_CARRY_MS, age - this.minAge);
    }
    this.anchor = { chunk, ms, at: this.clock.now() - late };
    // Chunks before this one are over: their words are not needed any more.
    for (const k of this.words.keys()) if (k < chunk) this.words.delete(k);
    this.update();
  }

  /** Where playback is now, as far as the reports tell. */
  positionNow(): { chunk: number; ms: number } | undefined {
    const a = this.anchor;
    if (!a) return undefined;
    const carried = this.paused ? 0 : Math.min(MAX_CARRY_MS, Math.max(0, this.clock.now() - a.at));
    return { chunk: a.chunk, ms: a.ms + carried };
  }

  /** The current word, if any. */
  current(): WordChange<W> | undefined {
    if (this.chunk < 0) return undefined;
    const word = this.words.get(this.chunk)?.[this.index];
    return { chunk: this.chunk, index: this.index, word, ms: this.positionNow()?.ms ?? 0 };
  }

  pause(): void {
    if (this.paused) return;
    const p = this.positionNow();
    if (p) this.anchor = { ...p, at: this.clock.now() };
    this.paused = true;
    this.cancelTimer();
  }

  resume(): void {
    if (!this.paused) return;
    this.paused = false;
    if (this.anchor) this.anchor.at = this.clock.now();
    this.update();
  }

  /** Forgets everything (stop, end of the reading, a new reading). Reports no change. */
  reset(): void {
    this.cancelTimer();
    this.words.clear();
    this.chunk = -1;
    this.index = -1;
    this.anchor = undefined;
    this.paused = false;
    this.minAge = undefined;
  }

  dispose(): void {
    this.reset();
  }

  private update(): void {
    this.cancelTimer();
    const p = this.positionNow();
    if (!p) return;
    const words = this.words.get(p.chunk) ?? [];
    // Within a chunk the word never goes back: a report that arrives late says a position the carried one has
    // passed already (by the delivery delay), and the word it names has been shown.
    const at = wordIndexAt(words, p.ms);
    const index = p.chunk === this.chunk ? Math.max(at, this.index) : at;
    if (p.chunk !== this.chunk || index !== this.index) {
      this.chunk = p.chunk;
      this.index = index;
      this.onChange({ chunk: p.chunk, index, word: words[index], ms: p.ms });
    }
    if (this.paused) return;
    const next = nextStart(words, index);
    const a = this.anchor!;
    // Move on at the next word's start if that comes before the carry runs out; else wait for the next report.
    if (next === undefined || next > a.ms + MAX_CARRY_MS) return;
    this.timer = this.clock.setTimer(() => {
      this.timer = undefined;
      this.update();
    }, Math.max(1, Math.ceil(next - p.ms)));
  }

  private cancelTimer(): void {
    if (this.timer !== undefined) this.clock.clearTimer(this.timer);
    this.timer = undefined;
  }
}
