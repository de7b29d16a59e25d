/** Sentence and clause spans of a text, as UTF-16 offsets into it (whitespace at the edges trimmed). */
import { isClauseEnd, isCloser, isSentenceEnd } from './punctuation';

export interface Span {
  start: number;
  end: number;
}

/** `text[start, end)` without whitespace at its edges; undefined when nothing else is left. */
export function trimSpan(text: string, { start, end }: Span): Span | undefined {
  while (start < end && /\s/u.test(text[start])) start++;
  while (end > start && /\s/u.test(text[end - 1])) end--;
  return start < end ? { start, end } : undefined;
}

/** Splits `text[from, to)` after each run of marks matching `ends` (plus closing brackets), and at newlines. */
function splitAfter(text: string, from: number, to: number, isEnd: (i: number) => boolean): Span[] {
  const out: Span[] = [];
  let start = from;
  let i = from;
  const cut = (end: number) => {
    const s = trimSpan(text, { start, end });
    if (s) out.push(s);
    start = end;
  };
  while (i < to) {
    if (text[i] === '\n' || text[i] === '\r' || text[i] === '\u2028' || text[i] === '\u2029') {
      cut(i);
      i++;
      start = i;
      continue;
    }
    if (isEnd(i)) {
      let j = i + 1;
      while (j < to && (isEnd(j) || isCloser(text[j]))) j++;
      cut(j);
      i = j;
      continue;
    }
    i++;
  }
  cut(to);
  return out;
}

/**
 * Sentences: ends at 。！？!? (with any closing quotes after them) and at line breaks. An ASCII ! or ? ends a
 * sentence only before a space, the end, or non-ASCII text, so `a != b` and Markdown `![図](…)` stay whole.
 */
export function splitSentences(text: string): Span[] {
  return splitAfter(text, 0, text.length, (i) => {
    const c = text[i];
    if (!isSentenceEnd(c)) return false;
    if (c !== '!' && c !== '?') return true;
    const next = text[i + 1];
    return next === undefined || /\s/u.test(next) || next.charCodeAt(0) > 0x7f || next === '!' || next === '?';
  });
}

/** Clauses of a sentence: after 、，,;；： — but an ASCII comma between digits (1,000) is not a clause end. */
export function splitClauses(text: string, s: Span): Span[] {
  return splitAfter(text, s.start, s.end, (i) => {
    const c = text[i];
    if (!isClauseEnd(c)) return false;
    if (c === ',' && /\d/.test(text[i - 1] ?? '') && /\d/.test(text[i + 1] ?? '')) return false;
    return true;
  });
}
