// `g2p --jsonl` words: each heard word with its reading and its UTF-16 offsets in the line as written (before
// normalisation). Readings are checked by hand (pronunciation form: long vowels as ー, particles as spoken), and so
// are the offsets (counted by hand; a character outside the BMP counts two).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { wordSpans } from '../../../src/core/g2p';

const root = path.resolve(__dirname, '../../..');

type W = [surface: string, reading: string, start: number, end: number];

const CASES: Array<[string, W[]]> = [
  ['今日は晴れ。', [['今日', 'キョー', 0, 2], ['は', 'ワ', 2, 3], ['晴れ', 'ハレ', 3, 5]]],
  // full-width digits are folded before reading; the number and its counter are one word
  ['猫が２匹いる。', [['猫', 'ネコ', 0, 1], ['が', 'ガ', 1, 2], ['２匹', 'ニヒキ', 2, 4], ['いる', 'イル', 4, 6]]],
  ['１０００円です。', [['１０００円', 'センエン', 0, 5], ['です', 'デス', 5, 7]]],
  // full-width Latin and an ideographic space: one phrase of 7 code units
  ['ＶＳ　Ｃｏｄｅで開く', [['ＶＳ　Ｃｏｄｅ', 'ブイエスコード', 0, 7], ['で', 'デ', 7, 8], ['開く', 'ヒラク', 8, 10]]],
  // an emoji (two code units, not read) and markup (not read) are skipped, the offsets after them still count them
  ['猫🐈と犬', [['猫', 'ネコ', 0, 1], ['と', 'ト', 3, 4], ['犬', 'イヌ', 4, 5]]],
  ['  **強調**です', [['強調', 'キョーチョー', 4, 6], ['です', 'デス', 8, 10]]],
  // a kanji outside the BMP that cannot be read: を comes after its two code units
  ['𩸽を焼く', [['を', 'オ', 2, 3], ['焼く', 'ヤク', 3, 5]]],
  // the user dictionary's entry is one word
  ['Yomiageを使う', [['Yomiage', 'ヨミアゲ', 0, 7], ['を', 'オ', 7, 8], ['使う', 'ツカウ', 8, 10]]],
];

test('g2p --jsonl lines carry the words with readings and source offsets (hand-checked)', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'yomiage-words-'));
  const dict = path.join(dir, 'dict.json');
  fs.writeFileSync(dict, JSON.stringify({ Yomiage: 'ヨミアゲ' }));
  const r = spawnSync(process.execPath, ['--import', 'tsx', path.join(root, 'src/cli.ts'), 'g2p', '--jsonl', '--dict', dict], {
    cwd: root,
    input: CASES.map(([t]) => t).join('\n') + '\n',
    encoding: 'utf8',
    timeout: 60_000,
  });
  fs.rmSync(dir, { recursive: true });
  assert.equal(r.status, 0, r.stderr);
  const lines = r.stdout.trimEnd().split('\n').map((l) => JSON.parse(l) as { text: string; words: { surface: string; reading: string; start: number; end: number }[] });
  assert.equal(lines.length, CASES.length);
  CASES.forEach(([text, want], i) => {
    assert.equal(lines[i].text, text);
    assert.deepEqual(
      lines[i].words.map((w) => [w.surface, w.reading, w.start, w.end]),
      want,
      text,
    );
    // the surface is the source text at the offsets
    for (const w of lines[i].words) assert.equal(text.slice(w.start, w.end), w.surface);
  });
});

test('a word that is not found as written shares the gap between its neighbours; a later repeat is not taken', () => {
  // "&amp;" was decoded to "&" before reading: found at its first character
  assert.deepEqual(
    wordSpans('東京&amp;大阪', [
      { surface: '東京', kana: 'トーキョー', phonemes: '' },
      { surface: '&', kana: 'アンド', phonemes: '' },
      { surface: '大阪', kana: 'オーサカ', phonemes: '' },
    ]).map((w) => [w.surface, w.start, w.end]),
    [['東京', 0, 2], ['&', 2, 3], ['大阪', 7, 9]],
  );
  // a surface the text does not hold (rewritten): the span between the words found around it
  assert.deepEqual(
    wordSpans('雨、のち晴れ', [
      { surface: '雨', kana: 'アメ', phonemes: '' },
      { surface: 'ノチ', kana: 'ノチ', phonemes: '' },
      { surface: '晴れ', kana: 'ハレ', phonemes: '' },
    ]).map((w) => [w.surface, w.reading, w.start, w.end]),
    [['雨', 'アメ', 0, 1], ['、のち', 'ノチ', 1, 4], ['晴れ', 'ハレ', 4, 6]],
  );
  // は is not searched for past unread Japanese text (the は of 母は would be a wrong match)
  const spans = wordSpans('今日母は', [{ surface: 'は', kana: 'ワ', phonemes: '' }, { surface: '母', kana: 'ハハ', phonemes: '' }]);
  assert.deepEqual(spans.map((w) => [w.reading, w.start, w.end]), [['ワ', 0, 2], ['ハハ', 2, 3]]);
  // punctuation and silent marks are not words
  assert.deepEqual(wordSpans('。', [{ surface: '。', kana: '。', phonemes: '' }]), []);
});
