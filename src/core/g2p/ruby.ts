/**
 * The g2p half of ruby (text/ruby.ts finds it): the base is read once. A candidate 漢字（かんじ） without a bar counts
 * as ruby only when the analyser reads the base the same way; otherwise the brackets hold a remark, and the whole
 * text is read as written.
 */
import type { Word } from './types';
import { toKatakana } from './kana';
import { kanaRuns } from './words';

/** Katakana folded so that a written reading and a pronounced one compare equal (とうきょう ~ トーキョー, づ ~ ズ). */
export function looseReading(kana: string): string {
  return toKatakana(kana)
    .replace(/ヲ/g, 'オ')
    .replace(/ヂ/g, 'ジ')
    .replace(/ヅ/g, 'ズ')
    .replace(/([オコゴソゾトドノホボポモヨョロ])[ウオ]/g, '$1ー')
    .replace(/([ウクグスズツヌフブプムユュル])ウ/g, '$1ー')
    .replace(/([エケゲセゼテデネヘベペメレ])イ/g, '$1ー')
    .replace(/([アカガサザタダナハバパマヤャラワ])ア/g, '$1ー')
    .replace(/([イキギシジチニヒビピミリ])イ/g, '$1ー');
}

/**
 * Words for ruby: when the analyser reads the base as the ruby says, the analyser's words (its long vowels); else
 * the ruby's kana, or for a mere candidate what was written (`readAsWritten`: the brackets held a remark).
 */
export function readRuby(
  analyse: (text: string, unknown: string[]) => Word[],
  seg: { reading: string; base: string; candidate: boolean },
  readAsWritten: () => Word[],
  unknown: string[],
): Word[] {
  const base = analyse(seg.base, []);
  if (looseReading(base.map((w) => w.kana).join('')) === looseReading(seg.reading)) return base;
  return seg.candidate ? readAsWritten() : kanaRuns(seg.reading, unknown);
}
