/**
 * The spoken reading of one IPADIC token, close to UniDic's pronunciation form that misaki uses:
 * the `pronunciation` field (long vowels as ー, は/へ/を particles as ワ/エ/オ), else `reading`, else the surface
 * when it is kana; plus two corrections where IPADIC's pronunciation is not the spoken form:
 * - Sino-Japanese エイ is spoken エー (先生 センセー, 丁寧 テーネー), as in UniDic's pron;
 * - the volitional う after an o-row mora lengthens it (ましょう マショー, でしょう デショー).
 */
import type * as kuromoji from 'kuromoji';
import { isAllKana, toKatakana } from './kana';

export type Token = kuromoji.IpadicFeatures & { start: number };

const ALL_KANJI = /^[\p{Script=Han}々〆ヶ]+$/u;
const E_ROW = 'エケゲセゼテデネヘベペメレ';
const O_ROW = 'オコゴソゾトドノホボポモヨロョォヲ';

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

/**
 * The katakana reading of `t`, or undefined when it has none (unknown kanji, Latin letters, symbols).
 * `prev`/`before` are the previous token of the same word and the reading so far, for the う rule.
 */
export function pronounce(t: Token, prev: Token | undefined, before: string): string | undefined {
  let r = field(t.pronunciation) ?? field(t.reading) ?? (isAllKana(t.surface_form) ? toKatakana(t.surface_form) : undefined);
  if (r === undefined) return undefined;
  r = r.replace(/ヲ/g, 'オ'); // IPADIC keeps ヲ for the particle; it is spoken オ (same phonemes, cleaner reading)
  if (longEi(t)) r = r.replace(new RegExp(`([${E_ROW}])イ`, 'g'), '$1ー');
  if (prev && t.pos === '助動詞' && t.surface_form === 'う' && O_ROW.includes(before.slice(-1))) r = 'ー';
  return r;
}
