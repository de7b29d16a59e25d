/** Builds spoken words from kana readings, and segments plain kana text without a dictionary. */
import { isKana, toKatakana, unreadableKana, wordToPhonemes } from './kana';
import type { Word } from './types';
import { isSpace, punctuation } from '../text/punctuation';

/** Phonemes of recently seen readings (particles and common words repeat constantly). */
const memo = new Map<string, string>();
const MEMO_LIMIT = 20000;

function phonemesOf(reading: string): string {
  let p = memo.get(reading);
  if (p === undefined) {
    p = wordToPhonemes(reading);
    if (memo.size >= MEMO_LIMIT) memo.clear();
    memo.set(reading, p);
  }
  return p;
}

/** A word read as `reading` (kana, either script). */
export function kanaWord(surface: string, reading: string): Word {
  return { surface, kana: toKatakana(reading), phonemes: phonemesOf(reading) };
}

/** A punctuation mark as a word, or undefined when `ch` is not punctuation. */
export function punctWord(ch: string): Word | undefined {
  const p = punctuation(ch);
  return p && { surface: ch, kana: ch, phonemes: p.emit, punct: p.kind };
}

/**
 * Splits text that should already be kana (a fixed reading, or kana-only input) into words: each run of kana is
 * one word, punctuation and spaces separate words, anything else is reported in `unknown` and skipped.
 */
export function kanaRuns(text: string, unknown: string[]): Word[] {
  const words: Word[] = [];
  let run = '';
  const flush = () => {
    if (!run) return;
    unknown.push(...unreadableKana(run));
    words.push(kanaWord(run, run));
    run = '';
  };
  for (const ch of text) {
    if (isKana(ch)) {
      run += ch;
      continue;
    }
    flush();
    if (isSpace(ch)) continue;
    const p = punctWord(ch);
    if (p) words.push(p);
    else unknown.push(ch);
  }
  flush();
  return words;
}
