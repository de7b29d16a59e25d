/**
 * Symbols and number forms of technical writing: arrows by context (1.2 → 1.3 イッテンニ カラ イッテンサン,
 * 設定 → 表示 ヤジルシ), key symbols by name (⌘ コマンド, ⇧ シフト), fractions (2/5 ゴブンノニ) and version
 * numbers with wildcards (3.x サンテンエックス). Names are data in data/letters.json.
 */
import lettersData from './data/letters.json';
import { readDigits, readInteger } from './numbers';
import { SYMBOL_NAMES } from './latin';

const ARROWS: Record<string, string> = (lettersData as { arrows: Record<string, string> }).arrows;

/** Words after m/d that make it a date rather than a fraction (3/15 リリース, 4/1 から). */
export const DATE_NEAR = /^\s*(?:締|〆|リリース|公開|予定|以降|頃|ごろ|発売|開催|リリース|まで|から|付)/;

/** A fraction: denominator ブンノ numerator (2/5 ゴブンノニ). */
export function readFraction(numerator: string, denominator: string): string {
  return readInteger(denominator) + 'ブンノ' + readInteger(numerator);
}

/** An IPv4 address digit by digit (イチニーナナテンゼロテンゼロテンイチ), then the port as a number. */
export function readIpAddress(ip: string, port?: string): string {
  const addr = ip.split('.').map((p) => readDigits(p, true)).join('テン');
  return port === undefined ? addr : addr + readInteger(String(Number(port)));
}

/** A version: v1.2.3 ブイイチテンニテンサン, 3.x サンテンエックス. */
export function readVersion(v: string): string {
  const head = /^v/i.test(v) ? 'ブイ' : '';
  const parts = v.replace(/^v/i, '').split('.');
  return head + parts.map((p) => (/^\d+$/.test(p) ? readInteger(p) : 'エックス')).join('テン');
}

/**
 * An arrow at text[start, end): カラ between two numbers (a change of value or version, a range of times),
 * otherwise its name; undefined when it is not an arrow.
 */
export function readArrow(text: string, start: number, end: number): string | undefined {
  const name = ARROWS[text.slice(start, end)];
  if (name === undefined) return undefined;
  const before = text.slice(Math.max(0, start - 12), start).replace(/\s+$/, '');
  const after = text.slice(end, end + 12).replace(/^\s+/, '');
  if (/\d(?:\.(?:\d+|[xX]))*[A-Za-z%]*$/.test(before) && /^[vV]?\d/.test(after)) return 'カラ';
  return name;
}

/** A run of named symbols (⌘⇧P's ⌘⇧), each by its name; undefined when one of them has no name. */
export function readSymbols(run: string): string | undefined {
  let out = '';
  for (const ch of run) {
    const n = SYMBOL_NAMES[ch];
    if (n === undefined) return undefined;
    out += n;
  }
  return out || undefined;
}
