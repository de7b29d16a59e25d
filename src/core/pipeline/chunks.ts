/**
 * Chunk planning: split → convert → pack, sentence by sentence and lazily, so synthesis of the first chunk can
 * start before a long text has been read.
 *
 * A sentence is converted whole when it is short enough to be one chunk (the usual case: one conversion, one chunk).
 * A longer one is packed from its clauses, a clause over the limit from runs of words cut in bounded windows
 * (runs.ts), a run over the limit from its words, a word over the limit from its characters (last resort). Each
 * piece is converted once, and pieces are packed greedily by the token counts their conversions gave; a chunk's
 * reading is its pieces' readings joined. Nothing is converted again while packing, so the work grows linearly
 * with the text, and a line without punctuation yields its first chunk after one window of it.
 */
import type { Chunk, ConvertOptions, G2P, G2PResult } from '../g2p/types';
import { MAX_TOKENS } from '../g2p/types';
import { hasSpeech } from '../g2p/tokens';
import { joinResults } from '../g2p/join';
import { scriptBoundaries } from '../g2p/boundaries';
import { splitClauses, splitSentences, type Span } from '../text/split';
import { charSpans, wordRuns } from './runs';

type Piece = [Span, G2PResult];

/**
 * Splits text into chunks of at most `maxTokens` phoneme tokens: at sentence ends, then clause punctuation,
 * then word boundaries; every chunk keeps its source offsets. Chunks with no speakable content are dropped.
 */
export function planChunks(text: string, g2p: G2P, maxTokens = MAX_TOKENS, opts: ConvertOptions = {}): Chunk[] {
  return Array.from(iterateChunks(text, g2p, maxTokens, opts));
}

/** The same chunks one at a time (each sentence is converted only when it is reached). */
export function* iterateChunks(text: string, g2p: G2P, maxTokens = MAX_TOKENS, opts: ConvertOptions = {}): Generator<Chunk> {
  if (!(maxTokens >= 1)) throw new RangeError(`maxTokens must be at least 1 (got ${maxTokens})`);
  const packer = new Packer(text, g2p, maxTokens, opts);
  let index = 0;
  for (const sentence of splitSentences(text)) {
    // Only punctuation and spaces: nothing to say, decided without converting anything.
    if (g2p.isSilent?.(text.slice(sentence.start, sentence.end))) continue;
    for (const [s, r] of packer.sentence(sentence)) {
      if (hasSpeech(r.tokens)) yield { ...r, index: index++, start: s.start, end: s.end, text: text.slice(s.start, s.end) };
    }
  }
}

/** Consecutive pieces gathered into one chunk while their token counts fit. */
class Gather {
  private spans: Span[] = [];
  private parts: G2PResult[] = [];
  private tokens = 0;

  constructor(private readonly max: number) {}

  /** Adds a piece; yields the gathered chunk first when the piece does not fit beside it. */
  *add(s: Span, r: G2PResult): Generator<Piece> {
    // Joining puts at most one space token between two pieces.
    if (this.parts.length && this.tokens + 1 + r.tokens.length > this.max) yield* this.flush();
    this.tokens += (this.parts.length ? 1 : 0) + r.tokens.length;
    this.spans.push(s);
    this.parts.push(r);
  }

  /** Yields the gathered chunk, if any, and starts a new one. */
  *flush(): Generator<Piece> {
    if (!this.parts.length) return;
    const span = { start: this.spans[0].start, end: this.spans[this.spans.length - 1].end };
    const r = this.parts.length === 1 ? this.parts[0] : joinResults(this.parts);
    this.spans = [];
    this.parts = [];
    this.tokens = 0;
    yield [span, r];
  }
}

class Packer {
  /** A span longer than this is never converted whole: it cannot be one chunk, so it is split first. */
  private readonly wholeChars: number;
  /** Characters per run of words when a clause is cut at word boundaries (a run is a small part of a chunk). */
  private readonly runChars: number;
  private readonly boundaries: (piece: string) => number[];

  constructor(
    private readonly text: string,
    private readonly g2p: G2P,
    private readonly max: number,
    private readonly opts: ConvertOptions,
  ) {
    this.wholeChars = Math.max(8, Math.ceil(max * 1.2));
    this.runChars = Math.max(1, Math.floor(max / 16));
    this.boundaries = g2p.wordBoundaries ? (p) => g2p.wordBoundaries!(p) : scriptBoundaries;
  }

  private convert(s: Span): G2PResult {
    return this.g2p.convert(this.text.slice(s.start, s.end), this.opts);
  }

  private fits(r: G2PResult): boolean {
    return r.tokens.length <= this.max;
  }

  /** A sentence: whole if it fits, else its clauses packed. */
  *sentence(s: Span): Generator<Piece> {
    let whole: G2PResult | undefined;
    if (s.end - s.start <= this.wholeChars) {
      whole = this.convert(s);
      if (this.fits(whole)) {
        yield [s, whole];
        return;
      }
    }
    const gather = new Gather(this.max);
    for (const c of splitClauses(this.text, s)) {
      const same = whole && c.start === s.start && c.end === s.end;
      const r = same ? whole : c.end - c.start <= this.wholeChars ? this.convert(c) : undefined;
      if (r && this.fits(r)) {
        yield* gather.add(c, r);
      } else {
        yield* gather.flush();
        yield* this.clause(c);
      }
    }
    yield* gather.flush();
  }

  /** A clause over the limit: runs of words, each converted once and packed; a run over the limit by its words. */
  private *clause(c: Span): Generator<Piece> {
    const gather = new Gather(this.max);
    for (const run of wordRuns(this.text, c, { runChars: this.runChars, boundaries: this.boundaries })) {
      const r = this.convert(run.span);
      if (this.fits(r)) {
        yield* gather.add(run.span, r);
        continue;
      }
      for (const w of run.words) {
        const rw = run.words.length === 1 ? r : this.convert(w);
        if (this.fits(rw)) {
          yield* gather.add(w, rw);
        } else {
          // A word longer than a chunk, character by character (last resort).
          yield* gather.flush();
          for (const ch of charSpans(this.text, w)) yield* gather.add(ch, this.convert(ch));
          yield* gather.flush();
        }
      }
    }
    yield* gather.flush();
  }
}
