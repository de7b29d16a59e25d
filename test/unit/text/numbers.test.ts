// Expected readings below were written by hand (pronunciation form: long vowels as ー), not taken from the program.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readInteger, readDecimal, readNumberExpression, applyCounter } from '../../../src/core/text/numbers';
import { readings, spoken } from './helpers';

test('integers: digits, tens, hundreds and thousands with their sound changes', () => {
  const cases: Array<[string, string]> = [
    ['0', 'ゼロ'], ['1', 'イチ'], ['2', 'ニ'], ['4', 'ヨン'], ['7', 'ナナ'], ['9', 'キュー'],
    ['10', 'ジュー'], ['11', 'ジューイチ'], ['15', 'ジューゴ'], ['20', 'ニジュー'], ['99', 'キュージューキュー'],
    ['100', 'ヒャク'], ['300', 'サンビャク'], ['600', 'ロッピャク'], ['800', 'ハッピャク'], ['999', 'キューヒャクキュージューキュー'],
    ['1000', 'セン'], ['3000', 'サンゼン'], ['8000', 'ハッセン'], ['2026', 'ニセンニジューロク'],
  ];
  for (const [n, r] of cases) assert.equal(readInteger(n), r, n);
});

test('integers: 万, 億, 兆, 京 up to and beyond 10^16', () => {
  const cases: Array<[string, string]> = [
    ['10000', 'イチマン'], ['12345', 'イチマンニセンサンビャクヨンジューゴ'], ['100010', 'ジューマンジュー'],
    ['10000000', 'イッセンマン'], ['100000000', 'イチオク'], ['800000000', 'ハチオク'],
    ['1000000000000', 'イッチョー'], ['8000000000000', 'ハッチョー'], ['10000000000000', 'ジュッチョー'],
    ['10000000000000000', 'イッケー'], ['100000000000000000', 'ジュッケー'],
    ['20000000000000001', 'ニケーイチ'],
  ];
  for (const [n, r] of cases) assert.equal(readInteger(n), r, n);
});

test('integers: leading zeros and very long runs are read digit by digit', () => {
  assert.equal(readInteger('007'), 'ゼロゼロナナ');
  assert.equal(readInteger('123456789012345678901'), 'イチニサンヨンゴロクナナハチキューゼロイチニサンヨンゴロクナナハチキューゼロイチ');
  assert.throws(() => readInteger('12a'), /not a digit string/);
});

test('decimals: テン, レー for a zero integer part, gemination before テン', () => {
  assert.equal(readDecimal('3', '14'), 'サンテンイチヨン');
  assert.equal(readDecimal('0', '5'), 'レーテンゴ');
  assert.equal(readDecimal('1', '5'), 'イッテンゴ');
  assert.equal(readDecimal('8', '2'), 'ハッテンニ');
  assert.equal(readDecimal('10', '5'), 'ジュッテンゴ');
  assert.equal(readDecimal('6', '5'), 'ロクテンゴ');
  assert.equal(spoken('3.14'), 'サンテンイチヨン');
  assert.equal(spoken('0.5'), 'レーテンゴ');
});

test('thousands separators, 万 mixed with digits', () => {
  assert.equal(spoken('1,000'), 'セン');
  assert.equal(spoken('12,345,678'), 'センニヒャクサンジューヨンマンゴセンロッピャクナナジューハチ');
  assert.equal(readNumberExpression('3万5000').reading, 'サンマンゴセン');
  assert.equal(readNumberExpression('1.5億').reading, 'イッテンゴオク');
  assert.equal(readNumberExpression('1000万').reading, 'イッセンマン');
  // Not a thousands separator: a list of numbers.
  assert.equal(spoken('1,2,3'), 'イチ,ニ,サン');
});

test('negative numbers, percentages and currency', () => {
  assert.equal(spoken('-5'), 'マイナスゴ');
  assert.equal(spoken('気温は−3.5度'), '気温はマイナスサンテンゴド');
  assert.equal(spoken('3-5'), 'サン-ゴ'); // a hyphen between numbers is not a minus sign
  assert.equal(spoken('3%'), 'サンパーセント');
  assert.equal(spoken('100%'), 'ヒャクパーセント');
  assert.equal(spoken('¥1,000'), 'センエン');
  assert.equal(spoken('1,000円'), 'センエン');
  assert.equal(spoken('4円'), 'ヨエン');
  assert.equal(spoken('1万円'), 'イチマンエン');
  assert.equal(spoken('3万5000円'), 'サンマンゴセンエン');
  assert.equal(spoken('$5'), 'ゴドル');
  assert.equal(spoken('€10'), 'ジューユーロ');
});

test('ordinals: 第, 番目 and other 目 forms', () => {
  assert.equal(spoken('第3'), 'ダイサン');
  assert.equal(spoken('第3回'), 'ダイサンカイ');
  assert.equal(spoken('第1章'), 'ダイイッショー');
  assert.equal(spoken('3番目'), 'サンバンメ');
  assert.equal(spoken('2つ目'), 'フタツメ');
  assert.equal(spoken('1人目'), 'ヒトリメ');
  assert.equal(spoken('2日目'), 'フツカメ');
  assert.equal(spoken('1日目'), 'イチニチメ');
});

test('counter 本: the full 1–10 series and larger numbers', () => {
  const want = ['イッポン', 'ニホン', 'サンボン', 'ヨンホン', 'ゴホン', 'ロッポン', 'ナナホン', 'ハッポン', 'キューホン', 'ジュッポン'];
  for (let i = 1; i <= 10; i++) assert.equal(spoken(`${i}本`), want[i - 1], `${i}本`);
  assert.equal(spoken('21本'), 'ニジューイッポン');
  assert.equal(spoken('20本'), 'ニジュッポン');
  assert.equal(spoken('100本'), 'ヒャッポン');
  assert.equal(spoken('300本'), 'サンビャッポン');
  assert.equal(spoken('1000本'), 'センボン');
});

test('counters 匹, 個, 回, 分, 杯 (h/k sound changes)', () => {
  const cases: Array<[string, string]> = [
    ['1匹', 'イッピキ'], ['2匹', 'ニヒキ'], ['3匹', 'サンビキ'], ['6匹', 'ロッピキ'], ['8匹', 'ハッピキ'], ['10匹', 'ジュッピキ'],
    ['1個', 'イッコ'], ['3個', 'サンコ'], ['6個', 'ロッコ'], ['8個', 'ハッコ'], ['10個', 'ジュッコ'],
    ['1回', 'イッカイ'], ['3回', 'サンカイ'], ['6回', 'ロッカイ'], ['10回', 'ジュッカイ'],
    ['1分', 'イップン'], ['2分', 'ニフン'], ['3分', 'サンプン'], ['4分', 'ヨンプン'], ['5分', 'ゴフン'], ['6分', 'ロップン'], ['8分', 'ハップン'], ['10分', 'ジュップン'],
    ['1杯', 'イッパイ'], ['3杯', 'サンバイ'], ['6杯', 'ロッパイ'], ['10杯', 'ジュッパイ'],
    ['1か月', 'イッカゲツ'], ['6ヶ月', 'ロッカゲツ'],
  ];
  for (const [t, r] of cases) assert.equal(spoken(t), r, t);
});

test('counters 歳, 人, つ, 枚, 台, 件, 階, 冊, 年, 月', () => {
  const cases: Array<[string, string]> = [
    ['1歳', 'イッサイ'], ['8歳', 'ハッサイ'], ['10歳', 'ジュッサイ'], ['20歳', 'ハタチ'], ['21歳', 'ニジューイッサイ'],
    ['1人', 'ヒトリ'], ['2人', 'フタリ'], ['3人', 'サンニン'], ['4人', 'ヨニン'], ['11人', 'ジューイチニン'], ['14人', 'ジューヨニン'],
    ['1つ', 'ヒトツ'], ['2つ', 'フタツ'], ['3つ', 'ミッツ'], ['4つ', 'ヨッツ'], ['5つ', 'イツツ'], ['6つ', 'ムッツ'], ['7つ', 'ナナツ'], ['8つ', 'ヤッツ'], ['9つ', 'ココノツ'], ['10', 'ジュー'],
    ['1枚', 'イチマイ'], ['4枚', 'ヨンマイ'], ['4台', 'ヨンダイ'], ['1件', 'イッケン'], ['6件', 'ロッケン'],
    ['1階', 'イッカイ'], ['3階', 'サンガイ'], ['4階', 'ヨンカイ'], ['1冊', 'イッサツ'], ['6冊', 'ロクサツ'], ['8冊', 'ハッサツ'],
    ['4年', 'ヨネン'], ['9年', 'キューネン'], ['1月', 'イチガツ'], ['4月', 'シガツ'], ['7月', 'シチガツ'], ['9月', 'クガツ'], ['11月', 'ジューイチガツ'],
  ];
  for (const [t, r] of cases) assert.equal(spoken(t), r, t);
  // つ has no form for 11: the number is read and つ is left to the analyser.
  assert.deepEqual(readings("11つ"), ["ジューイチ"]);
});


test('counters 時, 時間, 秒, 週間, 度, 倍, 番, 号, 割, 行, 文字', () => {
  const cases: Array<[string, string]> = [
    ['4時', 'ヨジ'], ['7時', 'シチジ'], ['9時', 'クジ'], ['10時', 'ジュージ'], ['19時', 'ジュークジ'],
    ['1時間', 'イチジカン'], ['4時間', 'ヨジカン'], ['9時間', 'クジカン'], ['5秒', 'ゴビョー'], ['10秒', 'ジュービョー'],
    ['1週間', 'イッシューカン'], ['2週間', 'ニシューカン'], ['10週間', 'ジュッシューカン'],
    ['5度', 'ゴド'], ['2倍', 'ニバイ'], ['1.5倍', 'イッテンゴバイ'], ['1番', 'イチバン'], ['3号', 'サンゴー'], ['3割', 'サンワリ'],
    ['10行', 'ジューギョー'], ['5文字', 'ゴモジ'],
  ];
  for (const [t, r] of cases) assert.equal(spoken(t), r, t);
});

test('counter 日: calendar days, spans, and 1日 by context', () => {
  const days: Array<[number, string]> = [
    [2, 'フツカ'], [3, 'ミッカ'], [4, 'ヨッカ'], [5, 'イツカ'], [6, 'ムイカ'], [7, 'ナノカ'], [8, 'ヨーカ'], [9, 'ココノカ'], [10, 'トーカ'],
    [11, 'ジューイチニチ'], [14, 'ジューヨッカ'], [17, 'ジューシチニチ'], [19, 'ジュークニチ'], [20, 'ハツカ'], [23, 'ニジューサンニチ'], [24, 'ニジューヨッカ'], [30, 'サンジューニチ'],
  ];
  for (const [d, r] of days) assert.equal(spoken(`${d}日`), r, `${d}日`);
  assert.equal(spoken('11月1日'), 'ジューイチガツツイタチ');
  assert.equal(spoken('毎月1日'), '毎月ツイタチ');
  assert.equal(spoken('1日から'), 'ツイタチから');
  assert.equal(spoken('1日中'), 'イチニチ中');
  assert.equal(spoken('1日あたり'), 'イチニチあたり');
  assert.equal(spoken('1日に3回'), 'イチニチにサンカイ');
  assert.equal(spoken('3日間'), 'ミッカカン');
  assert.equal(spoken('1日間'), 'イチニチカン');
});

test('units after numbers: bytes, time, frequency, temperature', () => {
  const cases: Array<[string, string]> = [
    ['10MB', 'ジューメガバイト'], ['10 MB', 'ジューメガバイト'], ['3GB', 'サンギガバイト'], ['512KB', 'ゴヒャクジューニキロバイト'],
    ['5ms', 'ゴミリビョー'], ['1.5GHz', 'イッテンゴギガヘルツ'], ['60fps', 'ロクジューエフピーエス'], ['100px', 'ヒャクピクセル'],
    ['25°C', 'ニジューゴド'], ['25℃', 'ニジューゴド'],
  ];
  for (const [t, r] of cases) assert.equal(spoken(t), r, t);
  // A unit must not run on into more letters: 5mx is not 5 ms.
  assert.notEqual(spoken('5mx'), 'ゴミリビョー');
});

test('applyCounter uses exact forms only for whole numbers', () => {
  assert.equal(applyCounter('イチ', '1', '人'), 'ヒトリ');
  assert.equal(applyCounter('イッテンゴ', undefined, '人'), 'イッテンゴニン');
  assert.equal(applyCounter('イチ', '1', '日', true), 'ツイタチ');
  assert.equal(applyCounter('イチ', '1', '日', false), 'イチニチ');
  assert.throws(() => applyCounter('イチ', '1', '謎'), /unknown counter/);
});

test('fractions with 分の, telephone numbers, and more counters with special forms', () => {
  assert.equal(spoken('3分の1'), 'サンブンのイチ'); // の itself is left to the analyser
  assert.equal(spoken('100分の1'), 'ヒャクブンのイチ');
  assert.equal(spoken('3分後'), 'サンプン後');
  assert.equal(spoken('03-1234-5678'), 'ゼロサンノイチニーサンヨンノゴーロクナナハチ');
  assert.equal(spoken('090-1234-5678'), 'ゼロキューゼロノイチニーサンヨンノゴーロクナナハチ');
  assert.equal(spoken('1発'), 'イッパツ');
  assert.equal(spoken('3発'), 'サンパツ');
  assert.equal(spoken('1部屋'), 'ヒトヘヤ');
  assert.equal(spoken('2部屋'), 'フタヘヤ');
  assert.equal(spoken('1通り'), 'ヒトトーリ');
  assert.equal(spoken('3通'), 'サンツー');
  assert.equal(spoken('0時'), 'レージ');
  assert.equal(spoken('3足'), 'サンゾク');
  assert.equal(spoken('3軒'), 'サンゲン');
  assert.equal(spoken('1泊'), 'イッパク');
  assert.equal(spoken('3泊'), 'サンパク');
  assert.equal(spoken('1社'), 'イッシャ');
  assert.equal(spoken('3名'), 'サンメー');
  assert.equal(spoken('20代'), 'ニジューダイ');
  assert.equal(spoken('4年生'), 'ヨネンセー');
});

test('百 before s- counters keeps ヒャク, before k-/h- counters geminates', () => {
  assert.equal(spoken('100歳'), 'ヒャクサイ');
  assert.equal(spoken('100個'), 'ヒャッコ');
  assert.equal(spoken('100匹'), 'ヒャッピキ');
  assert.equal(spoken('8通り'), 'ハチトーリ');
});
