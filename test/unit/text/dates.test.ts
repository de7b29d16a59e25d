// Expected readings written by hand (pronunciation form), not taken from the program.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readings, spoken } from './helpers';

test('dates with 年月日', () => {
  assert.equal(spoken('2026年11月23日'), 'ニセンニジューロクネンジューイチガツニジューサンニチ');
  assert.equal(spoken('2024年4月1日'), 'ニセンニジューヨネンシガツツイタチ');
});

test('numeric dates: yyyy/mm/dd, yyyy-mm-dd, yyyy.mm.dd', () => {
  const want = ['ニセンニジューロクネン', 'ジューイチガツ', 'ニジューサンニチ'];
  assert.deepEqual(readings('2026/11/23'), want);
  assert.deepEqual(readings('2026-11-23'), want);
  assert.deepEqual(readings('2026.11.23'), want);
  assert.deepEqual(readings('2024/7/1'), ['ニセンニジューヨネン', 'シチガツ', 'ツイタチ']);
  assert.deepEqual(readings('2025-09-09'), ['ニセンニジューゴネン', 'クガツ', 'ココノカ']);
});

test('an impossible numeric date is not read as a date', () => {
  assert.ok(!spoken('2026-13-01').includes('ガツ'));
  assert.ok(!spoken('2026/11/32').includes('ニチ'));
});

test('clock times: hours, minutes (ジュップン), seconds; :00 not read', () => {
  assert.equal(spoken('10:30'), 'ジュージサンジュップン');
  assert.equal(spoken('9:05'), 'クジゴフン');
  assert.equal(spoken('10:00'), 'ジュージ');
  assert.equal(spoken('7:10'), 'シチジジュップン');
  assert.equal(spoken('4:44'), 'ヨジヨンジューヨンプン');
  assert.equal(spoken('0:15'), 'レージジューゴフン');
  assert.equal(spoken('12:34:56'), 'ジューニジサンジューヨンプンゴジューロクビョー');
  assert.equal(spoken('会議は13:00から'), '会議はジューサンジから');
});

test('not a time: minutes over 59, ratios like 16:9', () => {
  assert.ok(!spoken('10:75').includes('フン'));
  assert.equal(spoken('16:9'), 'ジューロク:キュー');
});

test('ISO date-times, month/day before a weekday, weekdays in brackets', () => {
  assert.deepEqual(readings('2026-11-23T10:30:00Z'), ['ニセンニジューロクネン', 'ジューイチガツ', 'ニジューサンニチ', 'ジュージ', 'サンジュップン']);
  assert.equal(spoken('11/23（日）に'), 'ジューイチガツニジューサンニチニチヨービに');
  assert.equal(spoken('12/1(月曜日)'), 'ジューニガツツイタチゲツヨービ');
  assert.equal(spoken('12月25日（木）'), 'ジューニガツニジューゴニチモクヨービ');
  assert.equal(spoken('2026/11/27(金)'), 'ニセンニジューロクネンジューイチガツニジューシチニチキンヨービ');
  assert.equal(spoken('3日(火)'), 'ミッカカヨービ');
  assert.equal(spoken('1日(水)'), 'ツイタチスイヨービ'); // a weekday makes 1日 a date
  // Without a weekday, a slash between small numbers is not taken for a date (it may be a fraction).
  assert.ok(!spoken('1/2').includes('ガツ'));
});
