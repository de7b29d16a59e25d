/**
 * Arabic numerals → katakana readings in pronunciation form (十 ジュー, 四 ヨン, 三百 サンビャク),
 * with counters and their sound changes taken from data/counters.json.
 */
import countersData from './data/counters.json';
import counterWordsData from './data/counter-words.json';

const DIGITS = ['ゼロ', 'イチ', 'ニ', 'サン', 'ヨン', 'ゴ', 'ロク', 'ナナ', 'ハチ', 'キュー'];
const THOUSANDS = ['', 'セン', 'ニセン', 'サンゼン', 'ヨンセン', 'ゴセン', 'ロクセン', 'ナナセン', 'ハッセン', 'キューセン'];
const HUNDREDS = ['', 'ヒャク', 'ニヒャク', 'サンビャク', 'ヨンヒャク', 'ゴヒャク', 'ロッピャク', 'ナナヒャク', 'ハッピャク', 'キューヒャク'];
const TENS = ['', 'ジュー', 'ニジュー', 'サンジュー', 'ヨンジュー', 'ゴジュー', 'ロクジュー', 'ナナジュー', 'ハチジュー', 'キュージュー'];
/** 10^4 group names: 万 マン, 億 オク, 兆 チョー, 京 ケー. */
const BIG = ['', 'マン', 'オク', 'チョー', 'ケー'];
/** The largest integer read as a number (anything longer is read digit by digit). */
const MAX_DIGITS = 20;

/** Reads 1–9999; `beforeBig` makes a bare 千 explicit (1000万 イッセンマン, but 1234万 センニヒャク…マン). */
function readGroup(n: number, beforeBig: boolean): string {
  const th = Math.floor(n / 1000);
  const h = Math.floor(n / 100) % 10;
  const t = Math.floor(n / 10) % 10;
  const o = n % 10;
  let s = n === 1000 && beforeBig ? 'イッセン' : THOUSANDS[th];
  s += HUNDREDS[h] + TENS[t];
  if (o) s += DIGITS[o];
  return s;
}

/** Sound change of a group's last element before 兆 (t-) and 京 (k-): 一兆 イッチョー, 百京 ヒャッケー. */
function joinBig(group: string, unit: number): string {
  const name = BIG[unit];
  if (unit >= 3) {
    for (const [end, rep] of [['イチ', 'イッ'], ['ハチ', 'ハッ'], ['ジュー', 'ジュッ']] as const) {
      if (group.endsWith(end)) return group.slice(0, -end.length) + rep + name;
    }
    if (unit === 4 && group.endsWith('ャク')) return group.slice(0, -1) + 'ッ' + name;
    if (unit === 4 && group.endsWith('ロク')) return group.slice(0, -1) + 'ッ' + name;
  }
  return group + name;
}

/**
 * Each digit on its own (leading zeros, very long runs): 007 → ゼロゼロナナ. `lengthen` gives the one-mora
 * digits the long form used when dictating numbers (2 ニー, 5 ゴー), as in telephone numbers.
 */
export function readDigits(digits: string, lengthen = false): string {
  let s = '';
  for (const ch of digits) {
    if (lengthen && ch === '2') s += 'ニー';
    else if (lengthen && ch === '5') s += 'ゴー';
    else s += DIGITS[ch.charCodeAt(0) - 48] ?? '';
  }
  return s;
}

/**
 * Reads a run of ASCII digits as an integer: 2026 → ニセンニジューロク, 10^16 → イッケー.
 * Runs with a leading zero or longer than 20 digits are read digit by digit.
 */
export function readInteger(digits: string): string {
  if (!/^\d+$/.test(digits)) throw new Error(`readInteger: not a digit string: ${JSON.stringify(digits)}`);
  if (digits.length > 1 && digits[0] === '0') return readDigits(digits);
  if (digits.length > MAX_DIGITS) return readDigits(digits);
  if (/^0+$/.test(digits)) return 'ゼロ';
  let out = '';
  const groups: number[] = [];
  for (let end = digits.length; end > 0; end -= 4) groups.unshift(Number(digits.slice(Math.max(0, end - 4), end)));
  for (let i = 0; i < groups.length; i++) {
    const unit = groups.length - 1 - i;
    const g = groups[i];
    if (!g) continue;
    out += joinBig(readGroup(g, unit > 0), unit);
  }
  return out;
}

/** Reading of a decimal such as 3.14 → サンテンイチヨン, 0.5 → レーテンゴ, 1.5 → イッテンゴ. */
export function readDecimal(intPart: string, fracPart: string): string {
  let head = intPart === '0' || intPart === '' ? 'レー' : readInteger(intPart);
  for (const [end, rep] of [['イチ', 'イッ'], ['ハチ', 'ハッ'], ['ジュー', 'ジュッ']] as const) {
    if (head.endsWith(end)) {
      head = head.slice(0, -end.length) + rep;
      break;
    }
  }
  return head + 'テン' + readDigits(fracPart);
}

const KANJI_BIG: Record<string, { reading: string; power: number }> = {
  万: { reading: 'マン', power: 4 },
  億: { reading: 'オク', power: 8 },
  兆: { reading: 'チョー', power: 12 },
  京: { reading: 'ケー', power: 16 },
};

/**
 * Reads a numeric expression as written: digits with optional thousands separators and decimals, optionally mixed
 * with 万/億/兆/京 (3万5000 サンマンゴセン, 1.5億 イッテンゴオク). Returns the reading and the integer value
 * as a digit string when it is a whole number (used for exact counter forms such as 1人 ヒトリ).
 */
export function readNumberExpression(expr: string): { reading: string; integer?: string } {
  const clean = expr.replace(/,/g, '');
  const parts = /^((?:\d+(?:\.\d+)?[万億兆京])*)(\d+(?:\.\d+)?)?$/.exec(clean);
  if (!parts) throw new Error(`readNumberExpression: cannot read ${JSON.stringify(expr)}`);
  const pieces: Array<{ num: string; unit?: string }> = [];
  const re = /(\d+(?:\.\d+)?)([万億兆京])/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(parts[1]))) pieces.push({ num: m[1], unit: m[2] });
  if (parts[2]) pieces.push({ num: parts[2] });
  const allInteger = pieces.every((p) => !p.num.includes('.') && (p.num === '0' || p.num[0] !== '0'));
  if (allInteger) {
    let total = 0n;
    let ok = true;
    let prevPower = Infinity;
    for (const p of pieces) {
      const power = p.unit ? KANJI_BIG[p.unit].power : 0;
      const v = BigInt(p.num);
      // 3万5000: each part must fit under the previous unit, otherwise read the pieces as written.
      if (power >= prevPower || (p.unit && v >= 10000n && power < 16)) ok = false;
      prevPower = power;
      total += v * 10n ** BigInt(power);
    }
    if (ok) {
      const digits = total.toString();
      if (digits.length <= MAX_DIGITS) return { reading: readInteger(digits), integer: digits };
    }
  }
  let reading = '';
  for (const p of pieces) {
    const [i, f] = p.num.split('.');
    reading += f !== undefined ? readDecimal(i, f) : readInteger(i);
    if (p.unit) reading += KANJI_BIG[p.unit].reading;
  }
  return { reading };
}

// ---------------------------------------------------------------- counters

interface CounterEntry {
  reading: string;
  rules?: Record<string, string>;
  exact?: Record<string, string>;
  exactOnly?: boolean;
  unit?: boolean;
}

const COUNTERS: Record<string, CounterEntry> = (countersData as { counters: Record<string, CounterEntry> }).counters;

/** Japanese counters sorted longest first, and Latin unit symbols (case-sensitive) likewise. */
const JA_COUNTERS = Object.keys(COUNTERS)
  .filter((k) => !COUNTERS[k].unit)
  .sort((a, b) => b.length - a.length);
const UNIT_COUNTERS = Object.keys(COUNTERS)
  .filter((k) => COUNTERS[k].unit)
  .sort((a, b) => b.length - a.length);
const MAX_COUNTER_LEN = Math.max(...Object.keys(COUNTERS).map((k) => k.length));
/** Words that start with a one-kanji counter (日本, 本当, 分析): after a space they are words, not counters. */
const COUNTER_WORDS: string[] = (counterWordsData as { words: string[] }).words;
const SPACE = /[ \u2009\u202f\u3000]/;

export function isCounter(word: string): boolean {
  return Object.prototype.hasOwnProperty.call(COUNTERS, word);
}

/**
 * Finds the counter that starts at `pos` in `text` (longest first). Latin units must not run on into
 * further letters (5ms, but not 5mse…). Returns the counter key or undefined.
 */
export function matchCounter(text: string, pos: number): string | undefined {
  const window = text.slice(pos, pos + MAX_COUNTER_LEN + 2);
  if (!window) return undefined;
  for (const k of JA_COUNTERS) if (window.startsWith(k)) return k;
  let p = 0;
  // allow one space (half-width, thin, full-width: 和欧間スペース) before a counter or unit: "10 MB", "1 杯", "2.0 倍"
  while (SPACE.test(window[p] ?? '') && p < 1) p++;
  if (p) {
    // After a space, a one-kanji counter must not start a longer word (3 日本語 is not 3日; 3 本追加 is 3本).
    for (const k of JA_COUNTERS) {
      if (!window.startsWith(k, p)) continue;
      if (k.length > 1 || !COUNTER_WORDS.some((w) => text.startsWith(w, pos + p))) return window.slice(0, p) + k;
    }
  }
  for (const k of UNIT_COUNTERS) {
    if (window.startsWith(k, p)) {
      const next = text[pos + p + k.length];
      if (next === undefined || !/[A-Za-z0-9_]/.test(next)) return window.slice(0, p) + k;
    }
  }
  return undefined;
}

/**
 * Number + counter with sound changes: ("サン", "3", "本") → サンボン; ("イチ", "1", "人") → ヒトリ.
 * `integer` is the whole number as digits when it is one (for exact forms), `date` picks the calendar
 * reading of 日 (1日 ツイタチ rather than イチニチ).
 */
export function applyCounter(numReading: string, integer: string | undefined, counter: string, date = false): string {
  const key = counter.trim();
  const c = COUNTERS[key];
  if (!c) throw new Error(`applyCounter: unknown counter ${JSON.stringify(counter)}`);
  if (date && key === '日' && integer === '1') return 'ツイタチ';
  if (integer !== undefined && c.exact && c.exact[integer]) return c.exact[integer];
  if (c.rules) {
    let best = '';
    for (const end of Object.keys(c.rules)) if (end.length > best.length && numReading.endsWith(end)) best = end;
    if (best) return numReading.slice(0, -best.length) + c.rules[best];
  }
  return numReading + c.reading;
}

/**
 * A whole number (ASCII digits) followed by exactly `counter` ('' for none): ('3', '本') → サンボン,
 * ('1', '日', true) → ツイタチ. Undefined when `counter` is not in the counter table or has no form for this
 * number (つ after 11). `date` picks the calendar reading of 日.
 */
export function readCountedNumber(digits: string, counter = '', date = false): string | undefined {
  const { reading, integer } = readNumberExpression(digits);
  if (!counter) return reading;
  if (!isCounter(counter) || counterRejects(counter, integer)) return undefined;
  return applyCounter(reading, integer, counter, date);
}

/** True when the counter has only exact forms (つ: ひとつ…とお) and `integer` has none. */
export function counterRejects(counter: string, integer: string | undefined): boolean {
  const c = COUNTERS[counter.trim()];
  return !!c?.exactOnly && !(integer !== undefined && c.exact && c.exact[integer]);
}
