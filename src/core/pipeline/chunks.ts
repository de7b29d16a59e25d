import type { Chunk, ConvertOptions, G2P, G2PResult } from '../g2p/types';
import { MAX_TOKENS } from '../g2p/types';
import { hasSpeech } from '../g2p/tokens';
import { splitClauses, splitSentences, trimSpan, type Span } from '../text/split';

function speakable(r: G2PResult): boolean {
  return hasSpeech(r.tokens);
}

/**
 * Splits text into chunks of at most `maxTokens` phoneme tokens: at sentence ends, then clause punctuation,
 * then word boundaries; every chunk keeps its source offsets. Chunks with no speakable content are dropped.
 */
export function planChunks(text: string, g2p: G2P, maxTokens = MAX_TOKENS, opts: ConvertOptions = {}): Chunk[] {
  return Array.from(iterateChunks(text, g2p, maxTokens, opts));
}

/**
 * The same chunks one at a time, so that synthesis of the first can start before a long text is fully read
 * (each sentence is converted only when it is reached).
 */
export function* iterateChunks(text: string, g2p: G2P, maxTokens = MAX_TOKENS, opts: ConvertOptions = {}): Generator<Chunk> {
  if (!(maxTokens >= 1)) throw new RangeError(`maxTokens must be at least 1 (got ${maxTokens})`);
  if (opts.languageId) {
    const inner = g2p;
    const convert = (t: string) => inner.convert(t, opts);
    g2p = { convert, wordBoundaries: inner.wordBoundaries?.bind(inner) };
  }
  let index = 0;
  const make = (s: Span, r: G2PResult): Chunk => ({ ...r, index: index++, start: s.start, end: s.end, text: text.slice(s.start, s.end) });
  for (const sentence of splitSentences(text)) {
    const whole = g2p.convert(text.slice(sentence.start, sentence.end));
    if (whole.tokens.length <= maxTokens) {
      if (speakable(whole)) yield make(sentence, whole);
      continue;
    }
    for (const [span, r] of pack(text, splitClauses(text, sentence), g2p, maxTokens, true)) {
      if (speakable(r)) yield make(span, r);
    }
  }
}

/**
 * Packs consecutive spans greedily into pieces that fit; a span that does not fit alone is split further
 * (clauses → words → characters). Returns each piece with its conversion.
 */
function pack(text: string, spans: Span[], g2p: G2P, max: number, clauses: boolean): Array<[Span, G2PResult]> {
  const out: Array<[Span, G2PResult]> = [];
  let cur: Span | undefined;
  let curR: G2PResult | undefined;
  const flush = () => {
    if (cur && curR) out.push([cur, curR]);
    cur = curR = undefined;
  };
  for (const s of spans) {
    if (cur) {
      const joined = { start: cur.start, end: s.end };
      const r = g2p.convert(text.slice(joined.start, joined.end));
      if (r.tokens.length <= max) {
        cur = joined;
        curR = r;
        continue;
      }
      flush();
    }
    const r = g2p.convert(text.slice(s.start, s.end));
    if (r.tokens.length <= max) {
      cur = s;
      curR = r;
      continue;
    }
    // Too long on its own: a clause is cut at word boundaries, a single word at characters (last resort).
    const words = clauses ? wordSpans(text, s, g2p) : [];
    if (words.length > 1) {
      out.push(...packWords(text, words, g2p, max));
      continue;
    }
    const chars = charSpans(text, s);
    if (chars.length > 1) out.push(...pack(text, chars, g2p, max, false));
    else out.push([s, r]); // one character over the limit: only possible with a tiny maxTokens

  }
  flush();
  return out;
}

/**
 * Words of a long clause packed greedily. Each word is converted once to estimate its length; a candidate chunk
 * is then checked by converting it whole, and shortened word by word if the estimate was too low.
 */
function packWords(text: string, words: Span[], g2p: G2P, max: number): Array<[Span, G2PResult]> {
  const len = words.map((w) => g2p.convert(text.slice(w.start, w.end)).tokens.length);
  const out: Array<[Span, G2PResult]> = [];
  let i = 0;
  while (i < words.length) {
    if (len[i] > max) {
      out.push(...pack(text, charSpans(text, words[i]), g2p, max, false));
      i++;
      continue;
    }
    let j = i;
    let est = len[i];
    while (j + 1 < words.length && len[j + 1] <= max && est + len[j + 1] + 1 <= max) est += len[++j] + 1;
    for (;;) {
      const span = { start: words[i].start, end: words[j].end };
      const r = g2p.convert(text.slice(span.start, span.end));
      if (r.tokens.length <= max || j === i) {
        out.push([span, r]);
        break;
      }
      j--;
    }
    i = j + 1;
  }
  return out;
}

/** The words of a span, by the G2P's word boundaries (without the spaces between them). */
function wordSpans(text: string, s: Span, g2p: G2P): Span[] {
  const piece = text.slice(s.start, s.end);
  const cuts = (g2p.wordBoundaries?.(piece) ?? []).filter((b) => b > 0 && b < piece.length);
  const edges = [0, ...cuts, piece.length];
  const out: Span[] = [];
  for (let k = 0; k + 1 < edges.length; k++) {
    const t = trimSpan(text, { start: s.start + edges[k], end: s.start + edges[k + 1] });
    if (t) out.push(t);
  }
  return out;
}

/** Single characters (code points) of a span: the last resort for a "word" longer than a chunk. */
function charSpans(text: string, s: Span): Span[] {
  const out: Span[] = [];
  let i = s.start;
  for (const ch of text.slice(s.start, s.end)) {
    out.push({ start: i, end: i + ch.length });
    i += ch.length;
  }
  return out;
}
