// Issue 14 §2 and §6: context readings (each rule of src/core/g2p/context-rules.json both ways) and technical
// vocabulary the IPADIC-era dictionary lacks or misreads. Readings are checked by hand, never copied from output.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { loadG2P, type G2P } from '../../../src/core/g2p';
import { CONTEXT_RULES } from '../../../src/core/g2p/contextRules';

let g2p: G2P;
before(async () => {
  g2p = await loadG2P();
});

const kana = (s: string) => g2p.convert(s).kana.replace(/[\s。、.,]/g, '');

/** [text, reading where the rule applies, text, reading where it does not] */
const BOTH_WAYS: Array<[string, string, string, string]> = [
  ['今日では', 'コンニチデワ', '今日は', 'キョーワ'],
  ['一日中', 'イチニチジュー', '作業中', 'サギョーチュー'],
  ['和菓子の最中を買う', 'ワガシノモナカオカウ', '会議の最中に', 'カイギノサイチューニ'],
  ['上手から登場', 'カミテカラトージョー', '説明が上手だ', 'セツメーガジョーズダ'],
  ['下手へ退場', 'シモテエタイジョー', '下手に触る', 'ヘタニサワル'],
  ['分別ゴミ', 'ブンベツゴミ', '分別のある人', 'フンベツノアルヒト'],
  ['何分かかる', 'ナンプンカカル', '何分よろしく', 'ナニブンヨロシク'],
  ['一月ほどかかる', 'ヒトツキホドカカル', '一月に出す', 'イチガツニダス'],
  ['二月もあれば', 'フタツキモアレバ', '二月から', 'ニガツカラ'],
  ['一行目', 'イチギョーメ', 'ご一行様', 'ゴイッコーサマ'],
  ['何行', 'ナンギョー', '銀行', 'ギンコー'],
  ['全行を削除', 'ゼンギョーオサクジョ', '実行する', 'ジッコースル'],
  ['偽なら', 'ギナラ', '偽のデータ', 'ニセノデータ'],
  ['演算子', 'エンザンシ', '親子', 'オヤコ'],
  ['親クラス', 'オヤクラス', '親切', 'シンセツ'],
  ['疎結合', 'ソケツゴー', '疎い', 'ウトイ'],
  ['素のまま', 'スノママ', '素になる', 'モトニナル'],
  ['既読', 'キドク', '既に', 'スデニ'],
  ['真値', 'シンチ', '真ん中', 'マンナカ'],
  ['粒度', 'リュード', '粒', 'ツブ'],
  ['空配列を返す', 'カラハイレツオカエス', '空を見る', 'ソラオミル'],
  ['空のリスト', 'カラノリスト', '空の下', 'ソラノシタ'],
  ['空行を入れる', 'カラギョーオイレル', '空の色', 'ソラノイロ'],
];

for (const [yes, yesReading, no, noReading] of BOTH_WAYS) {
  test(`context: ${yes} ${yesReading} / ${no} ${noReading}`, () => {
    assert.equal(kana(yes), yesReading);
    assert.equal(kana(no), noReading);
  });
}

test('every context rule is covered by a test above', () => {
  const covered = BOTH_WAYS.map(([yes]) => yes).join(' ');
  const extra = '真か偽か 偽値 返値 下手'; // the second rule of a pair, tested below
  for (const r of CONTEXT_RULES) assert.ok(r.tokens.some((t) => (covered + extra).includes(t)), r.tokens.join(''));
});

test('the second rule of a pair: 真か偽か ギ, 偽値 ギチ, 返値 カエリチ', () => {
  assert.equal(kana('真か偽か'), 'シンカギカ');
  assert.equal(kana('偽値'), 'ギチ');
  assert.equal(kana('返値'), 'カエリチ');
});

test('dates by what follows: 一日付 ツイタチヅケ, 一日で イチニチ; 〜毎 after a counter ゴト', () => {
  assert.equal(kana('四月一日付'), 'シガツツイタチズケ');
  assert.equal(kana('一日で終わる'), 'イチニチデオワル');
  assert.equal(kana('1行毎に'), 'イチギョーゴトニ');
  assert.equal(kana('5 分毎'), 'ゴフンゴト');
  assert.equal(kana('ユーザー毎'), 'ユーザーゴト');
});

test('空文字 (one IPADIC word, read クーモジ there) is カラモジ, as 空 alone is カラ before a noun', () => {
  assert.equal(kana('空文字列を返す'), 'カラモジレツオカエス');
  assert.equal(kana('空文字なら'), 'カラモジナラ');
});

test('行 of text is ギョー, not the literary クダリ: 最終行, 次の行, 行番号, 各行, 数行', () => {
  assert.equal(kana('最終行'), 'サイシューギョー');
  assert.equal(kana('次の行'), 'ツギノギョー');
  assert.equal(kana('行番号'), 'ギョーバンゴー');
  assert.equal(kana('各行'), 'カクギョー');
  assert.equal(kana('数行'), 'スーギョー');
  assert.equal(kana('改行'), 'カイギョー');
});

test('§6 technical vocabulary: 戻り値 引数 一意 貼付 捕捉 昇順 汎用 冗長化 可読性 行末', () => {
  const cases: Array<[string, string]> = [
    ['戻り値', 'モドリチ'], ['引数', 'ヒキスー'], ['一意', 'イチイ'], ['貼付', 'チョーフ'], ['捕捉', 'ホソク'],
    ['昇順', 'ショージュン'], ['降順', 'コージュン'], ['汎用', 'ハンヨー'], ['冗長化', 'ジョーチョーカ'],
    ['可読性', 'カドクセー'], ['行末', 'ギョーマツ'], ['行頭', 'ギョートー'], ['冪等性', 'ベキトーセー'],
    ['ファイル名', 'ファイルメー'], ['設定値', 'セッテーチ'],
  ];
  for (const [w, r] of cases) assert.equal(kana(w), r, w);
});
