/**
 * Runs of words of a long clause, cut in bounded windows: the analyser sees at most `window` characters at a time,
 * so a line without punctuation of any length costs time in proportion to its length, and its first run is ready
 * after one window. A run is a few words (about `runChars` characters); every cut falls between two words.
 */
import { trimSpan, type Span } from '../text/split';

export interface Run {
  /** The run's source span (trimmed). */
  span: Span;
  /** Its words, in order (trimmed, non-empty). */
  words: Span[];
}

export interface RunOptions {
  /** Target characters per run (a longer word is a run on its own). */
  runChars: number;
  /** Word boundaries (offsets inside `piece`) of a piece of raw text. */
  boundaries: (piece: string) => number[];
}

/** Characters analysed at once, in runs. */
const WINDOW_RUNS = 8;
/** Boundaries this close to a window's end (in runs) are not used: there the analyser saw a word cut short. */
const MARGIN_RUNS = 1;
const MIN_WINDOW = 64;
const MIN_MARGIN = 16;

/** Splits `s` into runs of words, lazily. */
export function* wordRuns(text: string, s: Span, opts: RunOptions): Generator<Run> {
  const runChars = Math.max(1, Math.floor(opts.runChars));
  const window = Math.max(MIN_WINDOW, runChars * WINDOW_RUNS);
  const margin = Math.max(MIN_MARGIN, runChars * MARGIN_RUNS);
  let pos = s.start;
  while (pos < s.end) {
    const winEnd = Math.min(s.end, pos + window);
    const last = winEnd === s.end;
    const limit = last ? winEnd : winEnd - margin;
    const edges = [pos];
    for (const b of opts.boundaries(text.slice(pos, winEnd))) {
      const at = pos + b;
      if (at > edges[edges.length - 1] && at < limit && !splitsPair(text, at)) edges.push(at);
    }
    if (last) edges.push(winEnd);
    else if (edges.length === 1) edges.push(safeCut(text, limit)); // one word longer than the window
    yield* group(text, edges, runChars);
    pos = edges[edges.length - 1];
  }
}

/** Groups the words between consecutive edges into runs of about `runChars` characters. */
function* group(text: string, edges: number[], runChars: number): Generator<Run> {
  let words: Span[] = [];
  let chars = 0;
  const take = (): Run | undefined => {
    const run = words.length ? { span: { start: words[0].start, end: words[words.length - 1].end }, words } : undefined;
    words = [];
    chars = 0;
    return run;
  };
  for (let k = 0; k + 1 < edges.length; k++) {
    const w = trimSpan(text, { start: edges[k], end: edges[k + 1] });
    if (!w) continue;
    const len = w.end - w.start;
    if (words.length && chars + len > runChars) yield take()!;
    words.push(w);
    chars += len;
  }
  const rest = take();
  if (rest) yield rest;
}

/** True when `at` falls between the two halves of a surrogate pair. */
function splitsPair(text: string, at: number): boolean {
  const c = text.charCodeAt(at);
  return c >= 0xdc00 && c <= 0xdfff && at > 0 && text.charCodeAt(at - 1) >= 0xd800 && text.charCodeAt(at - 1) <= 0xdbff;
}

function safeCut(text: string, at: number): number {
  return splitsPair(text, at) ? at + 1 : at;
}

/** Single characters (code points) of a span: the last resort for a word longer than a chunk. */
export function charSpans(text: string, s: Span): Span[] {
  const out: Span[] = [];
  let i = s.start;
  for (const ch of text.slice(s.start, s.end)) {
    if (!/\s/u.test(ch)) out.push({ start: i, end: i + ch.length });
    i += ch.length;
  }
  return out;
}
