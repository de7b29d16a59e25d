/** Word boundaries without a dictionary: changes of script, spaces and punctuation. */
import { isKana } from './kana';

function kind(ch: string): string {
  if (/\s/u.test(ch)) return 'space';
  if (isKana(ch)) return 'kana';
  if (/[\p{Script=Han}々〆]/u.test(ch)) return 'han';
  if (/[A-Za-z0-9_]/.test(ch)) return 'ascii';
  return 'other:' + ch;
}

/** Offsets where the script changes (kana/kanji/ASCII/space/each mark), never inside a surrogate pair. */
export function scriptBoundaries(text: string): number[] {
  const out: number[] = [];
  let prev = '';
  let i = 0;
  for (const ch of text) {
    const k = kind(ch);
    if (i > 0 && (k !== prev || k.startsWith('other:'))) out.push(i);
    prev = k;
    i += ch.length;
  }
  return out;
}
