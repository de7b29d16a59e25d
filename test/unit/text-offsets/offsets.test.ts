import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mapRange, mapRangeThrough } from '../../../src/core/text/offsets';

// Document: "今日は晴れ。明日は雨。" — the second sentence 明日は雨。 is at [6, 11).
const doc = '今日は晴れ。明日は雨。';
const second = { start: 6, end: 11 };

function apply(text: string, e: { offset: number; rangeLength: number; text: string }): string {
  return text.slice(0, e.offset) + e.text + text.slice(e.offset + e.rangeLength);
}

test('an insertion before the range shifts it and it still covers the same words', () => {
  const e = { offset: 0, rangeLength: 0, text: 'ええと、' };
  const r = mapRange(second, e)!;
  assert.deepEqual(r, { start: 10, end: 15 });
  assert.equal(apply(doc, e).slice(r.start, r.end), '明日は雨。');
});

test('an edit after the range leaves it alone', () => {
  assert.deepEqual(mapRange(second, { offset: 11, rangeLength: 0, text: '風も強い。' }), second);
});

test('an insertion inside the range grows it', () => {
  const e = { offset: 9, rangeLength: 0, text: 'きっと' }; // after は (明6 日7 は8 雨9 。10)
  const r = mapRange(second, e)!;
  assert.equal(apply(doc, e).slice(r.start, r.end), '明日はきっと雨。');
});

test('a deletion that covers the start clamps the start to the edit', () => {
  // delete "れ。明日" (offsets 4..8): the remaining part of the sentence is "は雨。"
  const e = { offset: 4, rangeLength: 4, text: '' };
  const r = mapRange(second, e)!;
  assert.equal(apply(doc, e).slice(r.start, r.end), 'は雨。');
});

test('deleting the whole range drops it', () => {
  assert.equal(mapRange(second, { offset: 6, rangeLength: 5, text: '' }), undefined);
  assert.equal(mapRange(second, { offset: 5, rangeLength: 6, text: 'x' }), undefined);
});

test('an insertion exactly at the start goes before the range', () => {
  const e = { offset: 6, rangeLength: 0, text: '「' };
  const r = mapRange(second, e)!;
  assert.equal(apply(doc, e).slice(r.start, r.end), '明日は雨。');
});

test('several changes of one event are applied consistently', () => {
  const edits = [
    { offset: 0, rangeLength: 2, text: 'きょう' }, // 今日 → きょう (+1)
    { offset: 9, rangeLength: 1, text: 'あめ' }, // 雨 → あめ (+1), inside the range
  ];
  let text = doc;
  for (const e of [...edits].sort((a, b) => b.offset - a.offset)) text = apply(text, e);
  const r = mapRangeThrough(second, edits)!;
  assert.equal(text.slice(r.start, r.end), '明日はあめ。');
});
