// The user dictionary is indexed once per dictionary, and matching costs a few lookups per character whatever the
// dictionary's size (issue 17, item 2: 300k entries were re-sorted on every conversion).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadG2P } from '../../../src/core/g2p';
import { indexUserDictionary, splitByUserDictionary } from '../../../src/core/g2p/userDictionary';

test('longest match first, left to right, whatever the order of the keys', () => {
  const index = indexUserDictionary({ 大学: 'ダイガク', 東京: 'トーキョー', 東京大学: 'トーキョーダイガク' });
  assert.deepEqual(splitByUserDictionary('東京大学と東京の大学', index), [
    { text: '東京大学', reading: 'トーキョーダイガク' },
    { text: 'と' },
    { text: '東京', reading: 'トーキョー' },
    { text: 'の' },
    { text: '大学', reading: 'ダイガク' },
  ]);
  assert.deepEqual(splitByUserDictionary('', index), []);
  assert.deepEqual(splitByUserDictionary('京都', index), [{ text: '京都' }]);
});

/** `count` distinct keys, all starting with 語: the worst case for matching by first character. */
function bigDictionary(count: number): Record<string, string> {
  const dict: Record<string, string> = {};
  for (let i = 0; i < count; i++) dict['語' + String.fromCharCode(0x4e00 + (i % 20000)) + (i >= 20000 ? String(i) : '')] = 'ゴ';
  dict['語彙'] = 'ゴイ';
  return dict;
}

test('a dictionary is indexed once: its key lengths per first character, not its keys, are what matching walks', () => {
  const dict = bigDictionary(200000);
  const index = indexUserDictionary(dict);
  assert.equal(indexUserDictionary(dict), index, 'the same dictionary object is not indexed twice');
  assert.equal(index.readings.size, 200000);
  // 200,000 keys start with 語, in 3 lengths (2; 2 + 5 digits; 2 + 6 digits): at most 3 lookups a position.
  assert.deepEqual(index.lengths.get('語'), [8, 7, 2]);
});

test('no conversion walks the whole dictionary (200,000 entries, 30 conversions)', async (t) => {
  const g2p = await loadG2P({ userDictionary: bigDictionary(200000) });
  const keys = t.mock.method(Object, 'keys');
  const entries = t.mock.method(Object, 'entries');
  let kana = '';
  for (let i = 0; i < 30; i++) kana = g2p.convert('この語彙は新しい。').kana;
  g2p.wordBoundaries!('この語彙は新しい');
  const walks = [...keys.mock.calls, ...entries.mock.calls].filter((c) => (c.result as unknown[]).length >= 200000);
  assert.equal(walks.length, 0, `${walks.length} walks over the dictionary`);
  assert.equal(kana, 'コノゴイワアタラシイ。');
});
