/**
 * When each word of a chunk is said. The words' phonemes are found in the chunk's phoneme string, which gives each
 * word its range of phoneme tokens (one token per in-vocabulary code point). The model's `duration` output, when it
 * has one, gives the length of every framed token (the framing zeros included), so a word lasts the share of the
 * chunk's audio its tokens were given; without it, every token is taken to last as long (the word's share of the
 * tokens). Either way the times are scaled to the chunk's real length in samples, whatever unit the durations use.
 */
import { isHeard, wordSpans } from '../g2p/wordSpans';
import { inVocab } from '../g2p/tokens';
import type { SpokenWord } from '../g2p/types';
import type { WordTime } from './protocol';

export interface TimedChunk {
  /** The chunk's text and its offset in the request text. */
  text: string;
  start: number;
  phonemes?: string;
  tokens: number[];
  words?: SpokenWord[];
  unknown?: string[];
}

/** Token ranges [from, to) of `words` in `phonemes`; a word not found takes an empty range where the search stands. */
function tokenRanges(phonemes: string, words: readonly SpokenWord[]): Array<[number, number]> {
  // tokensBefore[i]: tokens made by phonemes.slice(0, i) (code-unit index i)
  const tokensBefore: number[] = [0];
  for (let i = 0; i < phonemes.length; ) {
    const ch = String.fromCodePoint(phonemes.codePointAt(i)!);
    const n = tokensBefore[i] + (inVocab(ch) ? 1 : 0);
    for (let k = 0; k < ch.length; k++) tokensBefore.push(n);
    i += ch.length;
  }
  let cursor = 0;
  return words.map((w) => {
    const at = w.phonemes ? phonemes.indexOf(w.phonemes, cursor) : -1;
    if (at < 0) return [tokensBefore[cursor], tokensBefore[cursor]];
    cursor = at + w.phonemes.length;
    return [tokensBefore[at], tokensBefore[cursor]];
  });
}

export function wordTimes(chunk: TimedChunk, samples: number, sampleRate: number, durations?: readonly number[]): WordTime[] {
  const heard = (chunk.words ?? []).filter(isHeard);
  const spans = wordSpans(chunk.text, heard, chunk.unknown ?? []);
  const ranges = tokenRanges(chunk.phonemes ?? '', heard);
  const n = chunk.tokens.length;
  const ms = (samples / sampleRate) * 1000;
  // durations cover the framed ids: [0, ...tokens, 0]
  const useDur = !!durations && durations.length === n + 2 && durations.every((d) => d >= 0) && durations.some((d) => d > 0);
  let at: (token: number) => number;
  if (useDur) {
    const cum = [0];
    for (const d of durations!) cum.push(cum[cum.length - 1] + d);
    const total = cum[cum.length - 1];
    at = (t) => (cum[t + 1] / total) * ms; // token t is framed id t+1
  } else {
    at = (t) => (n ? (t / n) * ms : 0);
  }
  const source = useDur ? 'duration' : 'estimate';
  return spans.map((s, i) => ({
    surface: s.surface,
    reading: s.reading,
    start: chunk.start + s.start,
    end: chunk.start + s.end,
    startMs: round(at(ranges[i][0])),
    endMs: round(at(ranges[i][1])),
    source,
  }));
}

const round = (x: number) => Math.round(x * 10) / 10;
