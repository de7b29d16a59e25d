/** Contract of the Japanese front end: text → katakana reading → Kokoro phonemes → token ids. */

/** A word ready to be spoken: its surface, its katakana reading and its phonemes. */
export interface Word {
  surface: string;
  /** Katakana reading (pronunciation form); for punctuation, the surface. */
  kana: string;
  phonemes: string;
  /** Punctuation: `phonemes` holds the mark to emit ('' for marks that are only boundaries). */
  punct?: 'open' | 'close';
}

/** Turns plain (normalised) text into words; reports what it cannot read. */
export interface Analyser {
  analyse(text: string, unknown: string[]): Word[];
  /** Word boundaries (UTF-16 offsets) of raw text. */
  boundaries(text: string): number[];
}

export interface G2PResult {
  /** Katakana reading of the whole text (pronunciation form: long vowels as ー, particles as spoken). */
  kana: string;
  /** Kokoro phoneme string, words separated by single spaces. */
  phonemes: string;
  /** Token ids from Kokoro's vocabulary, without the framing zeros. */
  tokens: number[];
  /** Characters that could not be read and were skipped. */
  unknown: string[];
  /** The words in reading order, surfaces as analysed (after normalisation); see wordSpans for source offsets. */
  words?: SpokenWord[];
}

/** A word as heard: its surface (a number, URL or user-dictionary entry is one word) and its katakana reading. */
export interface SpokenWord {
  surface: string;
  kana: string;
  /** Its phonemes as they stand in the joined phoneme string. */
  phonemes: string;
}

/** Per-call options of `convert`. */
export interface ConvertOptions {
  /** VS Code language id of the source (markdown, typescript, python …): markup and comment markers are skipped. */
  languageId?: string;
}

export interface G2P {
  convert(text: string, opts?: ConvertOptions): G2PResult;
  /**
   * UTF-16 offsets inside `text` where a word ends and the next begins (used to cut an over-long clause without
   * cutting a word). Optional: without it, chunking falls back to script changes and spaces.
   */
  wordBoundaries?(text: string): number[];
  /**
   * True when `text` certainly has nothing to say (only punctuation and spaces, and no user-dictionary word), decided
   * without converting it. Optional: without it, such text is converted and found silent.
   */
  isSilent?(text: string): boolean;
}

/** A piece of the input that fits one inference (at most 510 phoneme tokens), with its source offsets. */
export interface Chunk extends G2PResult {
  index: number;
  /** UTF-16 offsets into the original text: the chunk covers text.slice(start, end). */
  start: number;
  end: number;
  text: string;
}

export const MAX_TOKENS = 510;
