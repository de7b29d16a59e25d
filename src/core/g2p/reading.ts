/**
 * The spoken reading of one IPADIC token, close to UniDic's pronunciation form that misaki uses:
 * the `pronunciation` field (long vowels as ー, は/へ/を particles as ワ/エ/オ), else `reading`, else the surface
 * when it is kana; plus corrections where IPADIC's pronunciation is not the spoken form:
 * - Sino-Japanese エイ is spoken エー (先生 センセー, 丁寧 テーネー), as in UniDic's pron;
 * - オウ/ウウ in kanji words that IPADIC left unmarked (量 リョウ → リョー);
 * - the volitional う after an o-row mora lengthens it (ましょう マショー, でしょう デショー).
 */
import type { IpadicToken } from './ipadic/tokenizer';
import { isAllKana, toKatakana } from './kana';
import overrides from './reading-overrides.json';
import { contextReading } from './contextRules';

/** An IPADIC token with its offset in the analysed text and the token after it. */
export type Token = IpadicToken & { start: number; next?: Token; prev?: Token };

const ALL_KANJI = /^[\p{Script=Han}々〆ヶ]+$/u;
const E_ROW = 'エケゲセゼテデネヘベペメレ';
const E_I = new RegExp(`([${E_ROW}])イ`, 'g');
const O_ROW = 'オコゴソゾトドノホボポモヨロョォヲ';
const U_ROW = 'ウクグスズツヅヌフブプムユルュゥ';
const OU_UU = new RegExp(`([${O_ROW}${U_ROW}])ウ`, 'g');

function field(v: string | undefined): string | undefined {
  return v && v !== '*' && isAllKana(v) ? toKatakana(v) : undefined;
}

/** Whether IPADIC's エイ in this token should be spoken エー. */
function longEi(t: Token): boolean {
  if (t.pos !== '名詞' && t.pos !== '副詞' && t.pos !== '連体詞' && t.pos !== '接頭詞') return false;
  const s = t.surface_form;
  // Words written all in kanji (Sino-Japanese readings; not 手入れ テイレ, whose エ and イ belong to different
  // morphemes) and words written in hiragana (きれい, ていねい); not katakana loanwords (レイアウト).
  return ALL_KANJI.test(s) || /^[\u3041-\u309f]+$/.test(s);
}

const OVERRIDES: Record<string, string> = overrides.readings;

function reading(t: Token): string | undefined {
  const c = contextReading(t);
  if (c !== undefined) return c;
  // whole words only: a suffix keeps IPADIC's reading (戻り値 モドリチ, not モドリアタイ)
  const o = OVERRIDES[t.surface_form];
  if (o !== undefined && t.pos_detail_1 !== '接尾') return o;
  return field(t.pronunciation) ?? field(t.reading) ?? (isAllKana(t.surface_form) ? toKatakana(t.surface_form) : undefined);
}

/**
 * The katakana reading of `t`, or undefined when it has none (unknown kanji, Latin letters, symbols).
 * `prev`/`before` are the previous token of the same word and the reading so far, for the う rule.
 */
export function pronounce(t: Token, prev: Token | undefined, before: string): string | undefined {
  const next = t.next;
  let r = reading(t);
  if (r === undefined) return undefined;
  r = r.replace(/ヲ/g, 'オ'); // IPADIC keeps ヲ for the particle; it is spoken オ (same phonemes, cleaner reading)
  if (longEi(t)) r = r.replace(E_I, '$1ー');
  // Some IPADIC entries lack ー where the others have it (量 リョウ beside 料 リョー): in a word written all in
  // kanji, an o- or u-row mora followed by ウ is a long vowel.
  if (ALL_KANJI.test(t.surface_form)) r = r.replace(OU_UU, '$1ー');
  // 言う is spoken ユー (という トユー); IPADIC writes ユウ
  if (/^(言う|いう|という|っていう)$/.test(t.basic_form)) r = r.replace(/(ユウ|イウ)$/, 'ユー');
  // 何 before a t/d/n sound is なん (何で, 何の, 何と, 何です); IPADIC gives ナニ
  // and before a counter or 曜日 (何人, 何曜日)
  if (t.surface_form === '何' && r === 'ナニ' && next) {
    if (/^[タチツテトダヂヅデドナヌネノ]/.test(reading(next) ?? '') || next.pos_detail_2 === '助数詞' || next.surface_form === '曜日') {
      r = 'ナン';
    }
  }
  if (prev && t.pos === '助動詞' && t.surface_form === 'う' && O_ROW.includes(before.slice(-1))) r = 'ー';
  return r;
}
