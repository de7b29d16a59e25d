import { normalize, type Segment } from '../text/normalize';
import type { Analyser, ConvertOptions, G2P, G2PResult, SpokenWord, Word } from './types';
import { joinWords } from './join';
import { tokenize } from './tokens';
import { checkUserDictionary, indexUserDictionary, splitByUserDictionary, userDictionaryRanges, type UserDictionary } from './userDictionary';
import { isSilentText } from '../text/punctuation';
import { rubyRanges } from '../text/ruby';
import { kanaRuns } from './words';
import { scriptBoundaries } from './boundaries';
import { readRuby } from './ruby';

export type { Analyser, G2P, G2PResult, Chunk, ConvertOptions, SpokenWord, Word } from './types';
export { wordSpans, type WordSpan } from './wordSpans';
export { MAX_TOKENS } from './types';

export interface G2POptions {
  /** Folder with the analyser's dictionary files (defaults: dist/dict beside the bundle, else node_modules). */
  dictDir?: string;
  /** Surface → kana reading, applied before analysis. */
  userDictionary?: Record<string, string>;
  /**
   * 'kuromoji' (default): kanji and mixed text through the morphological analyser.
   * 'kana': no dictionary, each run of kana is one word (instant; for kana-only text).
   */
  analyser?: 'kuromoji' | 'kana';
}

const kanaAnalyser: Analyser = {
  analyse: (text, unknown) => kanaRuns(text, unknown),
  boundaries: scriptBoundaries,
};

/** The G2P over an analyser and a user dictionary (exported for tests and the benchmark). */
export function createG2P(analyser: Analyser, userDictionary: UserDictionary = {}): G2P {
  // Checked and indexed once here, never per conversion.
  const dict = indexUserDictionary(checkUserDictionary(userDictionary));
  return {
    convert(text: string, opts: ConvertOptions = {}): G2PResult {
      const unknown: string[] = [];
      const words: Word[] = [];
      // What the listener hears, word by word: a rewritten unit (a user-dictionary entry, a number, a URL, ruby)
      // is one word with the text it came from as its surface.
      const spoken: SpokenWord[] = [];
      const add = (ws: Word[], surface?: string) => {
        words.push(...ws);
        if (surface === undefined) spoken.push(...ws.map((w) => ({ surface: w.surface, kana: w.kana, phonemes: w.phonemes })));
        else spoken.push({ surface, kana: ws.map((w) => w.kana).join(''), phonemes: joinWords(ws) });
      };
      for (const piece of splitByUserDictionary(text, dict)) {
        if (piece.reading !== undefined) {
          add(kanaRuns(piece.reading, unknown), piece.text);
          continue;
        }
        const read = (seg: Segment): Word[] => {
          if (seg.reading !== undefined && seg.base !== undefined) {
            const asWritten = () => (seg.asWritten ?? []).flatMap(read);
            return readRuby(analyser.analyse, { reading: seg.reading, base: seg.base, candidate: !!seg.asWritten }, asWritten, unknown);
          }
          if (seg.reading !== undefined) return kanaRuns(seg.reading, unknown);
          return analyser.analyse(seg.text, unknown);
        };
        for (const seg of normalize(piece.text, { languageId: opts.languageId })) add(read(seg), seg.reading !== undefined ? seg.text : undefined);
      }
      const phonemes = joinWords(words);
      return { kana: words.map((w) => w.kana).join(''), phonemes, tokens: tokenize(phonemes), unknown, words: spoken };
    },
    wordBoundaries(text: string): number[] {
      // Never inside a user-dictionary word, a ruby (漢字《かんじ》 is read once, as a whole), nor inside a run the
      // normaliser reads as one unit (1,000 / 10:30 / file.ts / https://…), which the analyser would split.
      const inside = new Uint8Array(text.length + 1);
      for (const [s, e] of [...userDictionaryRanges(text, dict), ...rubyRanges(text), ...asciiRuns(text)]) inside.fill(1, s + 1, e);
      return analyser.boundaries(text).filter((b) => !inside[b]);
    },
    isSilent: (text) => !dict.hasSilentKey && isSilentText(text),
  };
}

function asciiRuns(text: string): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  for (const m of text.matchAll(/[A-Za-z0-9¥$€£-](?:[A-Za-z0-9._:\/,@%+~#?=&-]*[A-Za-z0-9\/])?/g)) {
    out.push([m.index!, m.index! + m[0].length]);
  }
  return out;
}

/** Loads the dictionary (once) and returns a converter. */
export async function loadG2P(opts: G2POptions = {}): Promise<G2P> {
  if (opts.analyser === 'kana') return createG2P(kanaAnalyser, opts.userDictionary);
  const { loadKuromojiAnalyser } = await import('./kuromojiAnalyser');
  return createG2P(await loadKuromojiAnalyser(opts.dictDir), opts.userDictionary);
}
