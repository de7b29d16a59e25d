/**
 * Yomiage's user dictionary for a VOICEVOX-compatible engine: the words are rewritten into their katakana reading in
 * the text sent, instead of being registered with POST /user_dict_word. Registering would write into the user's
 * engine (its dictionary is shared with every other application using that engine, and outlives Yomiage's setting);
 * rewriting changes nothing there and works the same on every compatible engine. No `vscode` import.
 */
import { splitByUserDictionary, type UserDictionary } from '../../g2p/userDictionary';
import { toKatakana } from '../../g2p/kana';

/** `text` with every dictionary word (longest match first, left to right) replaced by its reading in katakana. */
export function applyDictionary(text: string, dict: UserDictionary | undefined): string {
  if (!dict || Object.keys(dict).length === 0) return text;
  return splitByUserDictionary(text, dict)
    .map((p) => (p.reading === undefined ? p.text : toKatakana(p.reading.replace(/\s+/gu, ''))))
    .join('');
}
