/**
 * Punctuation and other marks between words, from the one table data/punctuation.json. Sentence and clause marks
 * are spoken as Kokoro's `. , ? ! : ;` (decision (b) of the reference notes: they give the model pause and
 * intonation cues); brackets and quotes are only word boundaries (misaki's round brackets vanish at tokenization
 * anyway); ・ separates words. The splitter's sentence/clause/closer sets come from the same table.
 */
import table from './data/punctuation.json';

interface Mark {
  /** The Kokoro mark it is spoken as; absent for marks that only separate words. */
  say?: string;
  ends?: 'sentence' | 'clause';
  closes?: boolean;
}

const MARKS: Record<string, Mark> = table.marks as Record<string, Mark>;

function marksWhere(test: (m: Mark) => boolean): Set<string> {
  return new Set(Object.keys(MARKS).filter((ch) => test(MARKS[ch])));
}

const SENTENCE_END = marksWhere((m) => m.ends === 'sentence');
const CLAUSE_END = marksWhere((m) => m.ends === 'clause');
const CLOSERS = marksWhere((m) => m.closes === true);
const PAUSES = marksWhere((m) => m.say !== undefined);

/** Every distinct mark punctuation is spoken as (`.,?!:;`): with the space, what a chunk may hold besides speech. */
export const SPOKEN_MARKS: readonly string[] = [...new Set([...PAUSES].map((ch) => MARKS[ch].say as string))];

export type PunctKind = { emit: string; kind: 'close' | 'open' };

/** How a non-word character is spoken, or undefined when it is not punctuation. */
export function punctuation(ch: string): PunctKind | undefined {
  const m = Object.prototype.hasOwnProperty.call(MARKS, ch) ? MARKS[ch] : undefined;
  if (!m) return undefined;
  return m.say !== undefined ? { emit: m.say, kind: 'close' } : { emit: '', kind: 'open' };
}

/** A mark that ends a sentence (。！？!?); the splitter decides the ASCII ! and ? by context. */
export function isSentenceEnd(ch: string): boolean {
  return SENTENCE_END.has(ch);
}

/** A mark that ends a clause (、，,;；：). */
export function isClauseEnd(ch: string): boolean {
  return CLAUSE_END.has(ch);
}

/** A closing bracket or quote that belongs to the sentence or clause it ends (「…。」 keeps its 」). */
export function isCloser(ch: string): boolean {
  return CLOSERS.has(ch);
}

/** A mark spoken as a pause (sentence and clause marks, . : ;): a good place to cut text for analysis. */
export function isPause(ch: string): boolean {
  return PAUSES.has(ch);
}

/** True when `text` holds only marks of the table and whitespace: nothing to say (checked in linear time). */
export function isSilentText(text: string): boolean {
  for (const ch of text) if (!Object.prototype.hasOwnProperty.call(MARKS, ch) && !isSpace(ch)) return false;
  return true;
}

/** Whitespace of any kind (ideographic space included). */
export function isSpace(ch: string): boolean {
  return /\s/u.test(ch);
}
