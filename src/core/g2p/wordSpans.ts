/**
 * Where each spoken word stands in the source text. The normaliser rewrites text (NFKC folding, markup removed,
 * numbers, dates and URLs read as words), so the words' surfaces are found again in the source: each surface is
 * folded the way the normaliser folds characters and searched for from the end of the previous word. A word that
 * cannot be found as written (an entity, a rewritten symbol) shares the gap between its found neighbours.
 * Offsets are UTF-16 code units, as VS Code counts them.
 */
import { foldCharacters } from '../text/normalize';
import type { SpokenWord } from './types';

export interface WordSpan {
  surface: string;
  reading: string;
  start: number;
  end: number;
}

/** The folded text with, for each of its UTF-16 units, the source offset of the character it came from. */
function foldWithOffsets(text: string): { folded: string; from: number[] } {
  let folded = '';
  const from: number[] = [];
  for (let i = 0; i < text.length; ) {
    const cp = text.codePointAt(i)!;
    const ch = String.fromCodePoint(cp);
    const f = foldCharacters(ch);
    for (let k = 0; k < f.length; k++) from.push(i);
    folded += f;
    i += ch.length;
  }
  from.push(text.length);
  return { folded, from };
}

/** A word the listener hears: its reading has kana (punctuation and silent marks are left out). */
export function isHeard(w: SpokenWord): boolean {
  return /[ァ-ヺー]/.test(w.kana);
}

const JAPANESE = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]/u;

/** The heard words of `text` (as the G2P read them, in order) with their source offsets. */
export function wordSpans(text: string, words: readonly SpokenWord[], unknown: readonly string[] = []): WordSpan[] {
  const skippable = new Set(unknown.map(foldCharacters));
  const heard = words.filter(isHeard);
  const { folded, from } = foldWithOffsets(text);
  const end = (f: number) => {
    // the source offset just after the folded unit f-1: the start of the next source character
    let k = f;
    while (k < from.length - 1 && from[k] === from[f - 1]) k++;
    return from[k];
  };
  const found: Array<{ start: number; end: number } | undefined> = [];
  let cursor = 0;
  let pending = 0;
  for (const w of heard) {
    const s = foldCharacters(w.surface);
    const at = s ? folded.indexOf(s, cursor) : -1;
    // Japanese text skipped over while no word is waiting to be placed would be a match too far ahead (the same
    // surface later on); markup, spaces, entities and the characters the G2P could not read may be skipped.
    if (at < 0 || (pending === 0 && [...folded.slice(cursor, at)].some((c) => !skippable.has(c) && JAPANESE.test(c)))) {
      found.push(undefined);
      pending++;
      continue;
    }
    pending = 0;
    found.push({ start: from[at], end: end(at + s.length) });
    cursor = at + s.length;
  }
  return heard.map((w, i) => {
    let span = found[i];
    if (!span) {
      let p = i - 1;
      while (p >= 0 && !found[p]) p--;
      let n = i + 1;
      while (n < found.length && !found[n]) n++;
      const start = p >= 0 ? found[p]!.end : 0;
      span = { start, end: Math.max(start, n < found.length ? found[n]!.start : text.length) };
    }
    return { surface: text.slice(span.start, span.end) || w.surface, reading: w.kana, start: span.start, end: span.end };
  });
}
