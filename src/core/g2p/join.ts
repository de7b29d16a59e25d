/**
 * Joins per-word phonemes into one string the way misaki's cutlet does: one space between words, punctuation
 * attached to the word before it, opening marks attached to the word after, no spaces around ʔ.
 */
import type { G2PResult, Word } from './types';
import { tokenize } from './tokens';
import { SPOKEN_MARKS } from '../text/punctuation';

/** A space before a mark that closes a word (pieces joined after a mark starts a piece). */
const CLOSE_AFTER_SPACE = new RegExp(` (?=[${SPOKEN_MARKS.map((m) => '\\' + m).join('')}])`, 'g');

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
  return tidy(out);
}

/** Single spaces, none at the ends; misaki: a space before ʔ goes unless punctuation precedes it, a space after ʔ goes. */
function tidy(out: string): string {
  return out
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/([^.,?!:;—“”]) ʔ/g, '$1ʔ')
    .replace(/ʔ /g, 'ʔ');
}

/**
 * Several conversions read one after the other, as one: kana and unknown characters in order, phonemes joined by
 * a space (none before a closing mark) with misaki's rules around ʔ, tokens of the joined phonemes.
 */
export function joinResults(parts: readonly G2PResult[]): G2PResult {
  const phonemes = tidy(
    parts
      .map((p) => p.phonemes)
      .filter((p) => p !== '')
      .join(' ')
      .replace(CLOSE_AFTER_SPACE, ''),
  );
  return {
    kana: parts.map((p) => p.kana).join(''),
    phonemes,
    tokens: tokenize(phonemes),
    unknown: parts.flatMap((p) => p.unknown),
  };
}

