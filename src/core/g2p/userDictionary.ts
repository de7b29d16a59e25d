/** The user dictionary: surface → kana reading, applied to the raw text before normalisation and analysis. */
import { isKana } from './kana';
import { quoteForMessage } from '../text/controls';

export interface Piece {
  text: string;
  /** Set for a user-dictionary match: speak this kana reading. */
  reading?: string;
}

export type UserDictionary = Record<string, string>;

/** Checks a dictionary object and returns it cleaned (empty keys dropped); throws a clear error when malformed. */
export function checkUserDictionary(dict: unknown, origin = 'user dictionary'): UserDictionary {
  if (typeof dict !== 'object' || dict === null || Array.isArray(dict)) {
    throw new Error(`${origin}: expected a JSON object of "surface": "kana reading"`);
  }
  const out: UserDictionary = {};
  for (const [k, v] of Object.entries(dict as Record<string, unknown>)) {
    if (typeof v !== 'string') throw new Error(`${origin}: the reading of ${quoteForMessage(k)} is not a string`);
    const bad = Array.from(v).filter((c) => !isKana(c) && !/\s/u.test(c));
    if (bad.length) throw new Error(`${origin}: the reading of ${quoteForMessage(k)} must be kana, found ${quoteForMessage(bad.join(''))}`);
    if (k.length > 0 && v.trim()) out[k] = v.trim();
  }
  return out;
}

/** Splits text at the longest dictionary matches (left to right). */
export function splitByUserDictionary(text: string, dict: UserDictionary): Piece[] {
  const keys = Object.keys(dict);
  if (keys.length === 0) return text ? [{ text }] : [];
  const byFirst = new Map<string, string[]>();
  for (const k of keys) {
    const list = byFirst.get(k[0]) ?? [];
    list.push(k);
    byFirst.set(k[0], list);
  }
  for (const list of byFirst.values()) list.sort((a, b) => b.length - a.length);
  const out: Piece[] = [];
  let plain = '';
  let i = 0;
  while (i < text.length) {
    const hit = byFirst.get(text[i])?.find((k) => text.startsWith(k, i));
    if (hit) {
      if (plain) out.push({ text: plain });
      plain = '';
      out.push({ text: hit, reading: dict[hit] });
      i += hit.length;
    } else {
      plain += text[i++];
    }
  }
  if (plain) out.push({ text: plain });
  return out;
}

/** Ranges [start, end) of the text covered by dictionary matches (a chunk boundary must not fall inside one). */
export function userDictionaryRanges(text: string, dict: UserDictionary): Array<[number, number]> {
  const ranges: Array<[number, number]> = [];
  let pos = 0;
  for (const p of splitByUserDictionary(text, dict)) {
    if (p.reading !== undefined) ranges.push([pos, pos + p.text.length]);
    pos += p.text.length;
  }
  return ranges;
}
