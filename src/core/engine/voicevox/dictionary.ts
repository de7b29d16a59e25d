/**
 * Yomiage's user dictionary for a VOICEVOX-compatible engine: the words are rewritten into their katakana reading in
 * the text sent, instead of being registered with POST /user_dict_word. Registering would write into the user's
 * engine (its dictionary is shared with every other application using that engine, and outlives Yomiage's setting);
 * rewriting changes nothing there and works the same on every compatible engine. An accent given with a reading
 * (`ヨミアゲ@0`) is applied to the engine's query in the same spirit (accent.ts). No `vscode` import.
 */
import { checkUserDictionary, indexUserDictionary, splitByUserDictionary, type UserDictionaryIndex } from '../../g2p/userDictionary';
import { toKatakana } from '../../g2p/kana';
import type { WordAccent } from './accent';

/** The index of a dictionary for applyDictionary (checked: a reading that is not kana throws, naming the word). */
export function dictionaryIndex(dict: Record<string, string> | undefined): UserDictionaryIndex | undefined {
  return dict && Object.keys(dict).length ? indexUserDictionary(checkUserDictionary(dict)) : undefined;
}

/**
 * `text` with every dictionary word (longest match first, left to right) replaced by its reading in katakana, and the
 * accents (`@N`) of those words, in order, for accent.ts to apply to the engine's query.
 */
export function applyDictionary(text: string, index: UserDictionaryIndex | undefined): { text: string; accents: WordAccent[] } {
  if (!index) return { text, accents: [] };
  const accents: WordAccent[] = [];
  const out = splitByUserDictionary(text, index).map((p) => {
    if (p.reading === undefined) return p.text;
    const kana = toKatakana(p.reading.replace(/\s+/gu, ''));
    if (p.accent !== undefined) accents.push({ kana, accent: p.accent });
    return kana;
  });
  return { text: out.join(''), accents };
}
