// Expected readings written by hand: the katakana a Japanese developer would say, not taken from the program.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readEnglishish, readLatin, readPath, readRomaji, readUrl, spellLetters, splitIdentifier } from '../../../src/core/text/latin';
import { normalize } from '../../../src/core/text/normalize';
import { spoken } from './helpers';

test('curated tech words read as loanwords', () => {
  const cases: Array<[string, string]> = [
    ['JSON', 'ジェイソン'], ['Git', 'ギット'], ['GitHub', 'ギットハブ'], ['API', 'エーピーアイ'], ['TypeScript', 'タイプスクリプト'],
    ['JavaScript', 'ジャバスクリプト'], ['Python', 'パイソン'], ['Docker', 'ドッカー'], ['Linux', 'リナックス'], ['npm', 'エヌピーエム'],
    ['URL', 'ユーアールエル'], ['HTTP', 'エイチティーティーピー'], ['server', 'サーバー'], ['file', 'ファイル'], ['function', 'ファンクション'],
  ];
  for (const [w, r] of cases) assert.equal(spoken(w), r, w);
  assert.equal(spoken('VS Codeで開く'), 'ブイエスコードで開く');
  assert.equal(spoken('Visual Studio Code'), 'ビジュアルスタジオコード');
  assert.equal(spoken('C++とC#'), 'シープラスプラスとシーシャープ');
  assert.equal(spoken('Node.jsで'), 'ノードジェイエスで');
});

test('identifiers are split into words: camelCase, PascalCase, snake_case, kebab-case', () => {
  assert.deepEqual(splitIdentifier('getUserName'), ['get', 'User', 'Name']);
  assert.deepEqual(splitIdentifier('HTTPServer'), ['HTTP', 'Server']);
  assert.deepEqual(splitIdentifier('max_token_count'), ['max', 'token', 'count']);
  assert.deepEqual(splitIdentifier('read-file'), ['read', 'file']);
  assert.deepEqual(splitIdentifier('ES2022'), ['ES', '2022']);
  assert.equal(readLatin('getUserName'), 'ゲットユーザーネーム');
  assert.equal(readLatin('max_token_count'), 'マックストークンカウント');
  assert.equal(readLatin('read-file'), 'リードファイル');
  assert.equal(readLatin('HttpServer'), 'エイチティーティーピーサーバー');
  assert.equal(readLatin('parseXMLFile'), 'パースエックスエムエルファイル');
  assert.equal(readLatin('ES2022'), 'イーエスニセンニジューニ');
});

test('unknown acronyms are spelled with Japanese letter names', () => {
  assert.equal(
    spellLetters('ABCDEFGHIJKLMNOPQRSTUVWXYZ'),
    'エービーシーディーイーエフジーエイチアイジェーケーエルエムエヌオーピーキューアールエスティーユーブイダブリューエックスワイゼット',
  );
  assert.equal(spoken('XYZ'), 'エックスワイゼット');
  assert.equal(spoken('GPUs'), 'ジーピーユー');
  assert.equal(spoken('ＡＢＣ'), 'エービーシー'); // full-width letters fold first
});

test('unknown lower-case words: romaji when they are romaji, English-ish otherwise', () => {
  assert.equal(readRomaji('sushi'), 'スシ');
  assert.equal(readRomaji('toukyou'), 'トーキョー');
  assert.equal(readRomaji('arigatou'), 'アリガトー');
  assert.equal(readRomaji('gakkou'), 'ガッコー');
  assert.equal(readRomaji('shinbun'), 'シンブン');
  assert.equal(readRomaji('widget'), undefined);
  assert.equal(spoken('tanaka'), 'タナカ');
  assert.equal(readEnglishish('widget'), 'ウィジェット');
  assert.equal(readEnglishish('picture'), 'ピクチャー');
  assert.equal(readEnglishish('bridge'), 'ブリッジ');
  assert.equal(readEnglishish('brightness'), 'ブライトネス');
  assert.equal(readEnglishish('quick'), 'クイック');
  assert.equal(readEnglishish('snake'), 'スネーク');
  assert.equal(readEnglishish('bundle'), 'バンドル');
  assert.equal(readEnglishish('publish'), 'パブリッシュ');
  assert.equal(readEnglishish('animation'), 'アニメーション');
  assert.equal(readEnglishish('mount'), 'マウント');
  assert.equal(readEnglishish('notify'), 'ノティファイ');
  assert.equal(readEnglishish('unique'), 'ユニーク');
  assert.equal(readEnglishish('structure'), 'ストラクチャー');
  assert.equal(spoken('stackTrace'), 'スタックトレース');
});

test('URLs are read by host, port and path, e-mail addresses in full, paths segment by segment (issue 14 §5)', () => {
  assert.equal(readUrl('https://github.com/foo/bar'), 'ギットハブドットコムフーバー');
  assert.equal(spoken('詳細はhttps://www.example.com/docs?q=1を参照。'), '詳細はイグザンプルドットコムドックスを参照。');
  assert.equal(spoken('https://example.com/a.'), 'イグザンプルドットコムエー.');
  assert.equal(spoken('http://localhost:3000/api/users'), 'ローカルホストサンゼンエーピーアイユーザーズ');
  assert.equal(spoken('user@example.com'), 'ユーザーアットイグザンプルドットコム');
  assert.equal(readPath('src/core/text/normalize.ts'), 'ソースコアテキストノーマライズドットティーエス');
  assert.equal(spoken('lib/utils.tsを開く'), 'リブユーティルズドットティーエスを開く');
  assert.equal(spoken('src/core/textの下'), 'ソースコアテキストの下');
  assert.equal(spoken('/usr/local/bin/node'), 'ユーザーローカルビンノード');
  assert.equal(spoken('C:\\Users\\foo\\bar.txt'), 'シードライブユーザーズフーバードットテキスト');
  assert.equal(spoken('README.md'), 'リードミードットエムディー');
  assert.equal(spoken('package.json'), 'パッケージドットジェイソン');
  assert.equal(spoken('.gitignoreに追加'), 'ドットギットイグノアに追加');
  // a slash between words that are not a path stays a boundary (TCP/IP, 入力/出力)
  assert.equal(spoken('TCP/IP'), 'ティーシーピー/アイピー');
});

test('no raw ASCII letters reach the analyser, and every reading is katakana', () => {
  const text = 'getUserNameでJSONをfetchし、HTTPServerのlogをsrc/app.tsに書く。qwrtzとXYZ、kokoroとzzz。';
  for (const s of normalize(text)) {
    if (s.reading !== undefined) assert.match(s.reading, /^[ァ-ヶー]+$/, s.text);
    else assert.doesNotMatch(s.text, /[A-Za-z]/, s.text);
  }
});

test('developer odds and ends: hex, versions, abbreviations, English ordinals, well-known numeronyms', () => {
  assert.equal(spoken('0x1F'), 'ゼロエックスイチエフ');
  assert.equal(spoken('v1.2.3'), 'ブイイチテンニテンサン');
  assert.equal(spoken('1.2.3'), 'イチテンニテンサン');
  assert.equal(spoken('No.1'), 'ナンバーイチ');
  assert.equal(spoken('Ver.2.1'), 'バージョンニテンイチ');
  assert.equal(spoken('1st'), 'ファースト');
  assert.equal(spoken('3rd'), 'サード');
  assert.equal(spoken('useState'), 'ユーズステート');
  assert.equal(spoken('i18n'), 'アイエイティーンエヌ');
  assert.equal(spoken('Ctrl+C'), 'コントロールプラスシー');
  assert.equal(spoken('@user'), 'アットユーザー');
});
