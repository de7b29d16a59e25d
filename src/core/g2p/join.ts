/**
 * Joins per-word phonemes into one string the way misaki's cutlet does: one space between words, punctuation
 * attached to the word before it, opening marks attached to the word after, no spaces around ʔ.
 */
import type { Word } from './types';

export function joinWords(words: Word[]): string {
  let out = '';
  for (const w of words) {
    if (w.punct === 'close') {
      out = out.replace(/ +$/, '') + w.phonemes + ' ';
    } else if (w.punct === 'open' || !w.phonemes) {
      if (out && !out.endsWith(' ')) out += ' ';
      out += w.phonemes;
    } else {
      out += w.phonemes + ' ';
    }
  }
  out = out.replace(/\s+/g, ' ').trim();
  // misaki: a space before ʔ goes unless punctuation precedes it; a space after ʔ goes.
  out = out.replace(/([^.,?!:;—“”]) ʔ/g, '$1ʔ').replace(/ʔ /g, 'ʔ');
  return out;
}
