/**
 * Kanji numerals read like Arabic ones: an analyser splits 三本 into 三 + 本 and would read them separately
 * (サンホン), so a run of kanji numerals (with the counter after it) is turned into its value and read by the
 * number and counter rules of numbers.ts (三本 サンボン, 一人 ヒトリ, 二十日 ハツカ, 三百 サンビャク, 七時 シチジ).
 */
import { readCountedNumber } from './numbers';

const DIGIT: Record<string, number> = { 〇: 0, 零: 0, 一: 1, 二: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };
const UNIT: Record<string, number> = { 十: 10, 百: 100, 千: 1000 };
const BIG: Record<string, number> = { 万: 1e4, 億: 1e8, 兆: 1e12 };

export function isKanjiNumeral(s: string): boolean {
  if (!s) return false;
  for (const ch of s) if (DIGIT[ch] === undefined && UNIT[ch] === undefined && BIG[ch] === undefined) return false;
  return true;
}

/** The value of a kanji numeral (二十 20, 三千五百 3500, 一億二千万 120000000, 二〇二六 2026), or undefined. */
export function kanjiNumberValue(s: string): number | undefined {
  if (!isKanjiNumeral(s)) return undefined;
  const chars = Array.from(s);
  if (chars.every((c) => DIGIT[c] !== undefined)) {
    // written digit by digit (二〇二六); a single digit is itself
    return Number(chars.map((c) => DIGIT[c]).join(''));
  }
  let total = 0;
  let section = 0;
  let cur: number | undefined;
  for (const c of chars) {
    if (DIGIT[c] !== undefined) {
      if (cur !== undefined) return undefined; // 二三十: not a number we can read
      cur = DIGIT[c];
    } else if (UNIT[c] !== undefined) {
      section += (cur ?? 1) * UNIT[c];
      cur = undefined;
    } else {
      const part = section + (cur ?? 0);
      if (part === 0) return undefined;
      total += part * BIG[c];
      section = 0;
      cur = undefined;
    }
  }
  const value = total + section + (cur ?? 0);
  return Number.isSafeInteger(value) ? value : undefined;
}

/**
 * The reading of a kanji numeral with an optional counter after it; undefined when it is not one number or the
 * counter is not one the counter table knows for it. `dateContext`: the numeral follows 月 (五月一日 → ツイタチ).
 */
export function readKanjiNumber(numeral: string, counter = '', dateContext = false): string | undefined {
  const value = kanjiNumberValue(numeral);
  if (value === undefined) return undefined;
  return readCountedNumber(String(value), counter, dateContext);
}
