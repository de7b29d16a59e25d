/**
 * The reading preview of the editor's hover: the sentence around a point of a line, the heard word at that point,
 * and the sentence's reading in kana word by word (punctuation kept between the words), so the word can be marked.
 */
import type { WordSpan } from './wordSpans';
import { isCloser, isSentenceEnd, punctuation } from '../text/punctuation';

/** A character the G2P reads as Japanese: kanji (with 々 〆), hiragana, katakana and the long-vowel mark. */
export function isJapaneseChar(ch: string): boolean {
  return /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}々〆ー]/u.test(ch);
}

/**
 * The sentence of `line` that holds offset `at`: from after the previous sentence end to its own end (with the
 * closing brackets after it), at most `max` UTF-16 units on each side of `at` (a long line without sentence marks
 * is cut there, so a preview stays cheap).
 */
export function sentenceAround(line: string, at: number, max = 200): { start: number; end: number } {
  let start = at;
  const low = Math.max(0, at - max);
  while (start > low && !isSentenceEnd(line[start - 1])) start--;
  // a closer right after the previous sentence's end still belongs to it
  while (start < at && isCloser(line[start])) start++;
  let end = at;
  const high = Math.min(line.length, at + max);
  while (end < high && !isSentenceEnd(line[end])) end++;
  while (end < high && (isSentenceEnd(line[end]) || isCloser(line[end]))) end++;
  // whitespace at either side is no part of it
  while (start < end && /\s/u.test(line[start])) start++;
  while (end > start && /\s/u.test(line[end - 1])) end--;
  return { start, end };
}

/** The index of the word whose span holds offset `at` (at its first unit or inside), or -1. */
export function wordIndexAt(words: readonly WordSpan[], at: number): number {
  return words.findIndex((w) => w.start <= at && at < w.end);
}

export interface PreviewPart {
  text: string;
  /** 'word': a heard word's kana; 'mark': punctuation between words, as written. */
  kind: 'word' | 'mark';
  /** The word at the pointer. */
  marked?: boolean;
}

/**
 * The reading of `text` as parts: each heard word's kana (the one of index `marked` flagged), and between words
 * the punctuation and spaces of the source (markup and characters that are not read are left out).
 */
export function previewParts(text: string, words: readonly WordSpan[], marked = -1): PreviewPart[] {
  const parts: PreviewPart[] = [];
  const gap = (from: number, to: number) => {
    const kept = Array.from(text.slice(from, to))
      .filter((c) => punctuation(c) !== undefined || /\s/u.test(c))
      .join('')
      .replace(/\s+/gu, ' ');
    if (kept) parts.push({ text: kept, kind: 'mark' });
  };
  let pos = 0;
  words.forEach((w, i) => {
    if (w.start > pos) gap(pos, w.start);
    parts.push({ text: w.reading, kind: 'word', ...(i === marked ? { marked: true } : {}) });
    pos = Math.max(pos, w.end);
  });
  if (pos < text.length) gap(pos, text.length);
  return parts;
}
