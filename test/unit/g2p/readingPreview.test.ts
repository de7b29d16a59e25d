// The reading hover's pure parts: the sentence around the pointer, the word at it, the kana word by word with the
// word marked. Readings checked by hand: 今日 キョー, は (particle) ワ, 晴れ ハレ; 雨 アメ, が ガ, 降る フル.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isJapaneseChar, previewParts, sentenceAround, wordIndexAt } from '../../../src/core/g2p/readingPreview';
import { splitMoras, splitAccent, withAccent } from '../../../src/core/g2p/accent';
import { loadG2P, wordSpans } from '../../../src/core/g2p';

const slice = (line: string, at: number) => {
  const s = sentenceAround(line, at);
  return line.slice(s.start, s.end);
};

test('the sentence around a point: from the previous sentence end to its own, with its closers', () => {
  const line = '前置き。今日は晴れ。後書き。';
  assert.equal(slice(line, line.indexOf('晴')), '今日は晴れ。');
  assert.equal(slice(line, 0), '前置き。');
  assert.equal(slice(line, line.indexOf('後')), '後書き。');
  const quoted = '「はい。」と言った。次。';
  assert.equal(slice(quoted, quoted.indexOf('は')), '「はい。」');
  assert.equal(slice(quoted, quoted.indexOf('と')), 'と言った。', 'the closer after 。 belongs to the sentence before');
  assert.equal(slice('  今日は晴れ  ', 4), '今日は晴れ', 'no sentence mark: the line, without its spaces');
});

test('a long line without sentence marks is cut around the point', () => {
  const line = 'あ'.repeat(1000);
  const s = sentenceAround(line, 500, 200);
  assert.deepEqual(s, { start: 300, end: 700 });
});

test('Japanese characters: kanji, kana, 々 and ー; not Latin, digits or punctuation', () => {
  for (const c of ['今', 'は', 'ハ', '々', 'ー', 'ｱ', '𠮷']) assert.ok(isJapaneseChar(c), c);
  for (const c of ['a', '1', '。', '、', ' ', '*']) assert.ok(!isJapaneseChar(c), c);
});

const WORDS = [
  { surface: '今日', reading: 'キョー', start: 0, end: 2 },
  { surface: 'は', reading: 'ワ', start: 2, end: 3 },
  { surface: '晴れ', reading: 'ハレ', start: 3, end: 5 },
];

test('the word at an offset', () => {
  assert.equal(wordIndexAt(WORDS, 0), 0);
  assert.equal(wordIndexAt(WORDS, 1), 0);
  assert.equal(wordIndexAt(WORDS, 2), 1);
  assert.equal(wordIndexAt(WORDS, 4), 2);
  assert.equal(wordIndexAt(WORDS, 5), -1, 'the 。 is no word');
});

test('the kana word by word, the word at the pointer marked, punctuation kept and markup left out', () => {
  assert.deepEqual(previewParts('今日は晴れ。', WORDS, 2), [
    { text: 'キョー', kind: 'word' },
    { text: 'ワ', kind: 'word' },
    { text: 'ハレ', kind: 'word', marked: true },
    { text: '。', kind: 'mark' },
  ]);
  const md = '**今日**は、晴れ。';
  const words = [
    { surface: '今日', reading: 'キョー', start: 2, end: 4 },
    { surface: 'は', reading: 'ワ', start: 6, end: 7 },
    { surface: '晴れ', reading: 'ハレ', start: 8, end: 10 },
  ];
  assert.deepEqual(
    previewParts(md, words).map((p) => p.text),
    ['キョー', 'ワ', '、', 'ハレ', '。'],
  );
});

test('with the real G2P: the sentence read word by word, as the hover shows it', async () => {
  const g2p = await loadG2P();
  const text = '雨が降る。';
  const r = g2p.convert(text);
  const spans = wordSpans(text, r.words ?? [], r.unknown);
  const at = wordIndexAt(spans, text.indexOf('降'));
  const parts = previewParts(text, spans, at);
  assert.equal(parts.map((p) => (p.marked ? `[${p.text}]` : p.text)).join(''), 'アメガ[フル]。');
});

test('morae and the accent notation', () => {
  assert.deepEqual(splitMoras('キャンプー'), ['キャ', 'ン', 'プ', 'ー']);
  assert.deepEqual(splitMoras('ファイル'), ['ファ', 'イ', 'ル']);
  assert.deepEqual(splitMoras('がっこう'), ['が', 'っ', 'こ', 'う']);
  assert.deepEqual(splitAccent('ヨミアゲ@0'), { kana: 'ヨミアゲ', accent: 0 });
  assert.deepEqual(splitAccent('ヨミアゲ @ 2'), { kana: 'ヨミアゲ', accent: 2 });
  assert.deepEqual(splitAccent('ヨミアゲ'), { kana: 'ヨミアゲ' });
  assert.equal(withAccent('ヨミアゲ', 0), 'ヨミアゲ@0');
  assert.equal(withAccent('ヨミアゲ', undefined), 'ヨミアゲ');
});
