/**
 * The user dictionary: surface → kana reading (optionally with an accent mark, `ヨミアゲ@0`: core/g2p/accent.ts),
 * applied to the raw text before normalisation and analysis.
 * A dictionary is indexed once (cached by identity): readings by surface, and for each first character the key
 * lengths longest first, so matching at a position costs a few lookups whatever the dictionary's size.
 */
import { isKana } from './kana';
import { accentProblem, splitAccent } from './accent';
import { quoteForMessage } from '../text/controls';
import { isSilentText } from '../text/punctuation';

export interface Piece {
  text: string;
  /** Set for a user-dictionary match: speak this kana reading (without its accent mark). */
  reading?: string;
  /** The accent given with the reading (`@N`), for engines that take one; see splitAccent. */
  accent?: number;
}

export type UserDictionary = Record<string, string>;

/**
 * Why `value` cannot be the reading of a dictionary word, or undefined when it can: a reading is kana (spaces
 * allowed), not empty, and may end with an accent mark `@N` (core/g2p/accent.ts).
 */
export function readingProblem(value: unknown): string | undefined {
  if (typeof value !== 'string') return 'is not a string';
  const r = splitAccent(value);
  const bad = Array.from(r.kana).filter((c) => !isKana(c) && !/\s/u.test(c));
  if (bad.length) return `must be kana, found ${quoteForMessage(bad.join(''))}`;
  if (!r.kana.trim()) return 'is empty';
  return accentProblem(r);
}

/** The entries of a dictionary object that are fit to use, and one line for each that is not. */
export function sortUserDictionary(dict: Record<string, unknown>): { dictionary: UserDictionary; problems: string[] } {
  const dictionary: UserDictionary = {};
  const problems: string[] = [];
  for (const [k, v] of Object.entries(dict)) {
    if (k.length === 0) continue;
    const problem = readingProblem(v);
    if (problem) problems.push(`the reading of ${quoteForMessage(k)} ${problem}`);
    // defined, not assigned: a word spelled __proto__ is a word like any other
    else Object.defineProperty(dictionary, k, { value: (v as string).trim(), enumerable: true, writable: true, configurable: true });
  }
  return { dictionary, problems };
}

/** True for a JSON object (not an array, not null). */
export function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Checks a dictionary object and returns it cleaned (empty keys dropped); throws a clear error when malformed. */
export function checkUserDictionary(dict: unknown, origin = 'user dictionary'): UserDictionary {
  if (!isPlainObject(dict)) throw new Error(`${origin}: expected a JSON object of "surface": "kana reading"`);
  const { dictionary, problems } = sortUserDictionary(dict);
  if (problems.length) throw new Error(`${origin}: ${problems[0]}`);
  return dictionary;
}

/** A dictionary ready for matching. */
export interface UserDictionaryIndex {
  /** Readings by surface, without their accent mark. */
  readonly readings: ReadonlyMap<string, string>;
  /** Accents (`@N`) by surface, for the words that have one. */
  readonly accents: ReadonlyMap<string, number>;
  /** First UTF-16 unit of the keys → their distinct lengths, longest first. */
  readonly lengths: ReadonlyMap<string, readonly number[]>;
  /** Some key is only punctuation and spaces: text of that kind may still have something to say. */
  readonly hasSilentKey: boolean;
}

const indexes = new WeakMap<object, UserDictionaryIndex>();

/** The index of a (checked) dictionary, built on first use and kept while the dictionary object lives. */
export function indexUserDictionary(dict: UserDictionary): UserDictionaryIndex {
  let index = indexes.get(dict);
  if (index) return index;
  const readings = new Map<string, string>();
  const accents = new Map<string, number>();
  const byFirst = new Map<string, Set<number>>();
  let hasSilentKey = false;
  for (const [k, v] of Object.entries(dict)) {
    if (!k) continue;
    const { kana, accent } = splitAccent(v); // the accent mark is for VOICEVOX-kind engines; the kana is what is read
    readings.set(k, kana);
    if (accent !== undefined) accents.set(k, accent);
    let set = byFirst.get(k[0]);
    if (!set) byFirst.set(k[0], (set = new Set()));
    set.add(k.length);
    if (!hasSilentKey && isSilentText(k)) hasSilentKey = true;
  }
  const lengths = new Map<string, number[]>();
  for (const [first, set] of byFirst) lengths.set(first, [...set].sort((a, b) => b - a));
  index = { readings, accents, lengths, hasSilentKey };
  indexes.set(dict, index);
  return index;
}

/** The longest key that starts at `i`, if any. */
function matchAt(index: UserDictionaryIndex, text: string, i: number): string | undefined {
  const lengths = index.lengths.get(text[i]);
  if (!lengths) return undefined;
  for (const len of lengths) {
    if (i + len > text.length) continue;
    const key = text.slice(i, i + len);
    if (index.readings.has(key)) return key;
  }
  return undefined;
}

/** Splits text at the longest dictionary matches (left to right). */
export function splitByUserDictionary(text: string, index: UserDictionaryIndex): Piece[] {
  if (index.readings.size === 0) return text ? [{ text }] : [];
  const out: Piece[] = [];
  let plainFrom = 0;
  let i = 0;
  while (i < text.length) {
    const hit = matchAt(index, text, i);
    if (!hit) {
      i++;
      continue;
    }
    if (i > plainFrom) out.push({ text: text.slice(plainFrom, i) });
    const accent = index.accents.get(hit);
    out.push(accent === undefined ? { text: hit, reading: index.readings.get(hit) } : { text: hit, reading: index.readings.get(hit), accent });
    i += hit.length;
    plainFrom = i;
  }
  if (plainFrom < text.length) out.push({ text: text.slice(plainFrom) });
  return out;
}

/** Ranges [start, end) of the text covered by dictionary matches (a chunk boundary must not fall inside one). */
export function userDictionaryRanges(text: string, index: UserDictionaryIndex): Array<[number, number]> {
  const ranges: Array<[number, number]> = [];
  let pos = 0;
  for (const p of splitByUserDictionary(text, index)) {
    if (p.reading !== undefined) ranges.push([pos, pos + p.text.length]);
    pos += p.text.length;
  }
  return ranges;
}
