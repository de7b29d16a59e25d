// Issue 14: technical Japanese. Expected readings are checked by hand (how a careful announcer reads developer
// documentation), never copied from the program's output.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { saidAsWord } from '../../../src/core/text/latin';
import { spoken } from './helpers';

test('§1 a half-width, thin or full-width space between a number and its counter keeps the sound change', () => {
  assert.equal(spoken('1 杯'), 'イッパイ');
  assert.equal(spoken('3 本追加'), 'サンボン追加');
  assert.equal(spoken('6 匹'), 'ロッピキ');
  assert.equal(spoken('8 件更新'), 'ハッケン更新');
  assert.equal(spoken('6 分待つ'), 'ロップン待つ');
  assert.equal(spoken('10 分'), 'ジュップン');
  assert.equal(spoken('1\u3000件'), 'イッケン'); // ideographic space
  assert.equal(spoken('6\u2009本'), 'ロッポン'); // thin space
  assert.equal(spoken('3\u202f階'), 'サンガイ'); // narrow no-break space
  assert.equal(spoken('2 人'), 'フタリ');
  assert.equal(spoken('毎月 1 日に'), '毎月ツイタチに');
  // a word that merely starts with a counter kanji is not a counter: 3 日本語, 5 分析, 2 人間
  assert.equal(spoken('3 日本語'), 'サン日本語');
  assert.equal(spoken('5 分析'), 'ゴ分析');
  assert.equal(spoken('2 人間'), 'ニ人間');
});

test('§3 all-capital words said as words (table and rule) vs spelled ones', () => {
  assert.equal(spoken('NASA'), 'ナサ');
  assert.equal(spoken('SCSI'), 'スカジー');
  assert.equal(spoken('WAN'), 'ワン');
  assert.equal(spoken('LAN'), 'ラン');
  assert.equal(spoken('CRUD'), 'クラッド');
  assert.equal(spoken('SSH'), 'エスエスエイチ');
  assert.equal(spoken('CPU'), 'シーピーユー');
  // the rule for unknown capitals: four or more letters alternating consonant and vowel are a word
  assert.ok(saidAsWord('PAXOS'));
  assert.ok(saidAsWord('KOBE'));
  assert.ok(!saidAsWord('HTTP'));
  assert.ok(!saidAsWord('UEFI'));
  assert.ok(!saidAsWord('SDK'));
  assert.equal(spoken('PAXOS'), 'パクソス');
  assert.equal(spoken('NTFS'), 'エヌティーエフエス');
});

test('§3 lower-case code words and git vocabulary', () => {
  assert.equal(spoken('`null`'), 'ヌル');
  assert.equal(spoken('`void`'), 'ボイド');
  assert.equal(spoken('`origin`'), 'オリジン');
  assert.equal(spoken('`main`'), 'メイン');
  assert.equal(spoken('`git stash`'), 'ギットスタッシュ');
  assert.equal(spoken('`upstream`'), 'アップストリーム');
  assert.equal(spoken('`checkout`'), 'チェックアウト');
  assert.equal(spoken('`HEAD`'), 'ヘッド');
});

test('§4 key symbols by name, arrows by context, fractions, wildcards, sizes', () => {
  assert.equal(spoken('⌘ + S'), 'コマンドプラスエス');
  assert.equal(spoken('⌥'), 'オプション');
  assert.equal(spoken('⇧⌘P'), 'シフトコマンドピー');
  assert.equal(spoken('1.2 → 1.3'), 'イッテンニカライッテンサン');
  assert.equal(spoken('10:00 → 12:00'), 'ジュージカラジューニジ');
  assert.equal(spoken('2.x → 3.x'), 'ニテンエックスカラサンテンエックス');
  assert.equal(spoken('v1 → v2'), 'ブイイチカラブイニ');
  assert.equal(spoken('設定 → 表示'), '設定ヤジルシ表示');
  assert.equal(spoken('入力 ⇒ 出力'), '入力ヤジルシ出力');
  assert.equal(spoken('2/5'), 'ゴブンノニ');
  assert.equal(spoken('1/3 が'), 'サンブンノイチが');
  assert.equal(spoken('3.x'), 'サンテンエックス');
  assert.equal(spoken('v2.1.x'), 'ブイニテンイチテンエックス');
  assert.equal(spoken('1920×1080'), 'センキューヒャクニジューカケルセンハチジュー');
  assert.equal(spoken('1280x720'), 'センニヒャクハチジューカケルナナヒャクニジュー');
  assert.equal(spoken('0x1F'), 'ゼロエックスイチエフ'); // still hexadecimal
  assert.equal(spoken('±0.5'), 'プラスマイナスレーテンゴ');
  assert.equal(spoken('90°'), 'キュージュード');
  assert.equal(spoken('①'), 'イチ');
});

test('§4/§5 ranges with spaces around the wave dash, IPv4 addresses with a port', () => {
  assert.equal(spoken('10 分〜 20 分'), 'ジュップンからニジュップン');
  assert.equal(spoken('3 ~ 5 秒'), 'サンからゴビョー');
  assert.equal(spoken('127.0.0.1'), 'イチニーナナテンゼロテンゼロテンイチ');
  assert.equal(spoken('192.168.0.1:8080'), 'イチキューニーテンイチロクハチテンゼロテンイチハッセンハチジュー');
  assert.equal(spoken('1.2.3.4'), 'イチテンニテンサンテンヨン'); // a four-part version, not an address
});
