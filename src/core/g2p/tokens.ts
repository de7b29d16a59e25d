/** Phoneme string → Kokoro token ids (one id per code point; characters outside the vocabulary are dropped). */
import vocabFile from './kokoro-vocab.json';
import { SPOKEN_MARKS } from '../text/punctuation';

const VOCAB: Record<string, number> = vocabFile.vocab;

export function tokenize(phonemes: string): number[] {
  const ids: number[] = [];
  for (const ch of phonemes) {
    const id = VOCAB[ch];
    if (id !== undefined) ids.push(id);
  }
  return ids;
}

/** True when `ch` (one code point) is a Kokoro token. */
export function inVocab(ch: string): boolean {
  return VOCAB[ch] !== undefined;
}

/** Token ids that carry no speech: the space and every mark punctuation is spoken as (from the punctuation table). */
const SILENT = new Set(tokenize(' ' + SPOKEN_MARKS.join('')));

/** True when the tokens hold something to say (not only punctuation and spaces). */
export function hasSpeech(tokens: readonly number[]): boolean {
  return tokens.some((t) => !SILENT.has(t));
}
