/** Phoneme string → Kokoro token ids (one id per code point; characters outside the vocabulary are dropped). */
import vocabFile from './kokoro-vocab.json';

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
