// Ruby (furigana inline) is the reading of its base, read once. Readings checked by hand.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { loadG2P, type G2P } from '../../../src/core/g2p';
import { splitRuby } from '../../../src/core/text/ruby';
import { looseReading } from '../../../src/core/g2p/ruby';

let g2p: G2P;
before(async () => {
  g2p = await loadG2P();
});
const kana = (t: string) => g2p.convert(t).kana;

test('the three marked forms read カンジ once', () => {
  assert.equal(kana('漢字《かんじ》'), 'カンジ');
  assert.equal(kana('｜漢字（かんじ）'), 'カンジ');
  assert.equal(kana('｜漢字《かんじ》'), 'カンジ');
  assert.equal(kana('|漢字(かんじ)'), 'カンジ', 'half-width bar and brackets');
  assert.equal(kana('この漢字《かんじ》を読む。'), 'コノカンジオヨム。');
});

test('marked ruby wins over the usual reading of its base', () => {
  assert.equal(kana('明日《あす》は晴れ。'), 'アスワハレ。');
  assert.equal(kana('｜本気《マジ》で言った。'), 'マジデイッタ。');
  assert.equal(kana('｜今日（きょう）'), 'キョー', 'a reading the analyser shares keeps its long vowel');
  assert.equal(kana('東京《とうきょう》'), 'トーキョー');
  assert.equal(kana('｜魔法《magic》'), kana('magic'), 'non-kana ruby is read in place of its base');
});

test('kana in brackets after kanji without a bar: ruby only when it is the reading of the base', () => {
  assert.equal(kana('東京（とうきょう）に行く。'), 'トーキョーニイク。');
  assert.equal(kana('漢字（かんじ）'), 'カンジ');
  // a remark in brackets is not a reading: both are read, as written
  assert.equal(kana('結果（まあまあ）でした。'), 'ケッカ(マーマー)デシタ。');
  assert.equal(kana('天気（はれ）'), 'テンキ(ハレ)');
});

test('brackets that are not ruby stay as they are', () => {
  assert.deepEqual(splitRuby('新着《重要》のお知らせ'), [{ text: '新着《重要》のお知らせ' }], 'kanji ruby without a bar is not a reading');
  assert.deepEqual(splitRuby('《重要》お知らせ'), [{ text: '《重要》お知らせ' }]);
  assert.deepEqual(splitRuby('価格（税込）'), [{ text: '価格（税込）' }]);
  assert.deepEqual(splitRuby('| 項目 | 説明 |'), [{ text: '| 項目 | 説明 |' }]);
  assert.deepEqual(splitRuby('前《まえ》と後｜後《うしろ》'), [
    { text: '前', reading: 'まえ', base: '前' },
    { text: 'と後' },
    { text: '後', reading: 'うしろ', base: '後' },
  ]);
});

test('looseReading: written and pronounced long vowels compare equal', () => {
  assert.equal(looseReading('とうきょう'), looseReading('トーキョー'));
  assert.equal(looseReading('せんせい'), looseReading('センセー'));
  assert.equal(looseReading('みかづき'), looseReading('ミカズキ'));
  assert.notEqual(looseReading('まあまあ'), looseReading('ケッカ'));
});
