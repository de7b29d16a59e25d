/**
 * A dictionary file a team shares (the editor's `yomiage.dictionaryFile`, `.vscode/yomiage-dictionary.json` by
 * default): a JSON object of word → kana reading. It is data only: parsed as JSON, never executed, and refused
 * above a size limit. Bad entries are named in one message and the good ones still used. Adding an entry keeps
 * everything else in the file, and a file that does not parse is never overwritten.
 */
import { isPlainObject, readingProblem, sortUserDictionary, type UserDictionary } from './userDictionary';
import { cutMessage, quoteForMessage } from '../text/controls';

/** A larger file is refused (a dictionary of 20,000 entries is about half of this). */
export const DICTIONARY_FILE_MAX_BYTES = 1024 * 1024;

/** Why a dictionary file cannot be used at all (its entries are then not read). */
export class DictionaryFileError extends Error {
  constructor(
    message: string,
    readonly kind: 'too-large' | 'syntax' | 'not-an-object',
  ) {
    super(message);
  }
}

export interface ParsedDictionaryFile {
  dictionary: UserDictionary;
  /** One line per entry left out (not kana, empty, not a string). */
  problems: string[];
}

/** Throws a DictionaryFileError when a file of `bytes` bytes is over the limit. */
export function checkDictionaryFileSize(bytes: number, origin: string): void {
  if (bytes > DICTIONARY_FILE_MAX_BYTES) {
    const mb = (n: number) => (n / 1024 / 1024).toFixed(1);
    throw new DictionaryFileError(`${origin} is ${mb(bytes)} MB, more than the ${mb(DICTIONARY_FILE_MAX_BYTES)} MB a dictionary file may have; it was not read`, 'too-large');
  }
}

/**
 * The JSON object of a dictionary's text (no size limit: the CLI's `--dict` reads what its user names); throws a
 * DictionaryFileError when the text is not one.
 */
export function parseDictionaryJson(text: string, origin: string): Record<string, unknown> {
  let data: unknown;
  try {
    data = JSON.parse(text.replace(/^\uFEFF/, '')); // a byte-order mark, as Windows editors write it
  } catch (e) {
    throw new DictionaryFileError(`${origin} is not valid JSON: ${cutMessage((e as Error).message)}`, 'syntax');
  }
  if (!isPlainObject(data)) throw new DictionaryFileError(`${origin}: expected a JSON object of "surface": "kana reading"`, 'not-an-object');
  return data;
}

/** The JSON object of a dictionary file's text, refused above the size limit. */
function parseObject(text: string, origin: string): Record<string, unknown> {
  checkDictionaryFileSize(Buffer.byteLength(text, 'utf8'), origin);
  return parseDictionaryJson(text, origin);
}

/** The usable entries of a dictionary file's text, and its bad entries; throws a DictionaryFileError if unusable. */
export function parseDictionaryFile(text: string, origin: string): ParsedDictionaryFile {
  return sortUserDictionary(parseObject(text, origin));
}

/** One message for the entries a file leaves out, or undefined when there are none. */
export function describeProblems(origin: string, problems: string[]): string | undefined {
  if (problems.length === 0) return undefined;
  const shown = problems.slice(0, 5).join('; ');
  const more = problems.length > 5 ? `; and ${problems.length - 5} more` : '';
  return `${origin}: ${problems.length === 1 ? '1 entry was' : `${problems.length} entries were`} left out: ${shown}${more}`;
}

/**
 * The text of the dictionary file after setting `word` to `reading`: every other entry, good or bad, stays as it
 * was (the file is re-indented). `text` undefined: the file does not exist yet. Throws a DictionaryFileError when
 * the file does not parse (it must not be overwritten) and an Error when the reading is not one.
 */
export function withDictionaryEntry(text: string | undefined, word: string, reading: string, origin: string): string {
  const problem = word ? readingProblem(reading) : 'has no word';
  if (problem) throw new Error(`the reading of ${quoteForMessage(word)} ${problem}`);
  const data = text === undefined || text.trim() === '' ? {} : parseObject(text, origin);
  const out = JSON.stringify({ ...data, [word]: reading.trim() }, null, 2) + '\n';
  checkDictionaryFileSize(Buffer.byteLength(out, 'utf8'), origin);
  return out;
}

/** The dictionary in use: the file's entries and the settings' entries, the settings winning. */
export function mergeDictionaries(file: UserDictionary, settings: UserDictionary): UserDictionary {
  return { ...file, ...settings };
}
