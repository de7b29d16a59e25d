/**
 * The text sent to a VOICEVOX-compatible engine: normalised as Kokoro's (markup never sent raw), with the user
 * dictionary applied. Dictionary words are rewritten into their katakana reading in
 * the text sent, instead of being registered with POST /user_dict_word. Registering would write into the user's
 * engine (its dictionary is shared with every other application using that engine, and outlives Yomiage's setting);
 * rewriting changes nothing there and works the same on every compatible engine. An accent given with a reading
 * (`ヨミアゲ@0`) is applied to the engine's query in the same spirit (accent.ts). No `vscode` import.
 */
import { checkUserDictionary, indexUserDictionary, splitByUserDictionary, type UserDictionaryIndex } from '../../g2p/userDictionary';
import { toKatakana } from '../../g2p/kana';
import type { WordAccent } from './accent';
import { normalize, type Segment } from '../../text/normalize';
import { punctuation } from '../../text/punctuation';

/** The index of a dictionary for engineText (checked: a reading that is not kana throws, naming the word). */
export function dictionaryIndex(dict: Record<string, string> | undefined): UserDictionaryIndex | undefined {
  return dict && Object.keys(dict).length ? indexUserDictionary(checkUserDictionary(dict)) : undefined;
}

/**
 * What is sent to the engine for a chunk of source text: what Kokoro would read, as text the engine can say. Every
 * dictionary word (longest match first, left to right) becomes its reading in katakana, as the G2P applies the
 * dictionary first; the rest goes through the same normalisation as Kokoro's (core/text/normalize.ts: markup and
 * comment markers out, numbers, dates, URLs, Latin words and symbols as their katakana reading, ruby as its reading).
 * Also the accents (`@N`) of the dictionary words, in order, for accent.ts to apply to the engine's query.
 */
export function engineText(text: string, index: UserDictionaryIndex | undefined, languageId?: string): { text: string; accents: WordAccent[] } {
  const accents: WordAccent[] = [];
  const pieces = index ? splitByUserDictionary(text, index) : [{ text }];
  const out = pieces.map((p) => {
    if (p.reading === undefined) return normalize(p.text, { languageId }).map(spoken).join('');
    const kana = toKatakana(p.reading.replace(/\s+/gu, ''));
    if (p.accent !== undefined) accents.push({ kana, accent: p.accent });
    return kana;
  });
  return { text: out.join(''), accents };
}

/** Kokoro's pause marks as an engine reads them without spelling them out (it may say コロン for `:`). */
const ENGINE_PAUSE: Record<string, string> = { '.': '。', ',': '、', '?': '？', '!': '！', ':': '、', ';': '、' };

/**
 * A normalised segment as the engine should get it: its reading when it has one (a ruby too: the G2P takes a ruby
 * without a bar, 東京（とうきょう）, after its analyser agrees, which it almost always does; the engine has no such
 * check, so it gets the reading once rather than the word twice). In plain text, marks are sent as Kokoro voices
 * them: a pause mark as the engine's 。、？！, anything else that is not a letter (brackets, `//` after code, `#`,
 * `|`, `{}`) not at all, since Kokoro does not voice it and an engine may spell it out.
 */
function spoken(s: Segment): string {
  if (s.reading !== undefined) return s.reading;
  return s.text
    .replace(/[^\p{L}\p{N}\p{M}\s]/gu, (c) => ENGINE_PAUSE[punctuation(c)?.emit ?? ''] ?? '')
    .replace(/\s+/gu, ' ')
    .replace(/ (?=[^\x00-\x7f])|(?<=[^\x00-\x7f]) /g, '') // a space says nothing in Japanese text
    .trim();
}
