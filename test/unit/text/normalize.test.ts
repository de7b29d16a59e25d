// Expected outputs written by hand, not taken from the program.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { foldCharacters, normalize, stripMarkup } from '../../../src/core/text/normalize';
import { readings, spoken } from './helpers';

test('character folding: NFKC, half-width kana, small Phonetic-Extension katakana, wave-dash ranges', () => {
  assert.equal(foldCharacters('ｶﾀｶﾅ'), 'カタカナ');
  assert.equal(foldCharacters('ｶﾞｯｺｳ'), 'ガッコウ');
  assert.equal(foldCharacters('ＡＢＣ１２３'), 'ABC123');
  assert.equal(foldCharacters('ㇰㇱㇲㇳㇴㇵㇶㇷㇸㇹㇺㇻㇼㇽㇾㇿ'), 'クシストヌハヒフヘホムラリルレロ');
  assert.equal(foldCharacters('3〜5'), '3から5');
  assert.equal(foldCharacters('3～5'), '3から5');
  assert.equal(foldCharacters('〜10'), 'から10');
  assert.equal(foldCharacters('東京〜大阪'), '東京〜大阪'); // not before a digit: left alone
  assert.equal(spoken('3〜5人'), 'サンからゴニン');
  assert.equal(spoken('１２３'), 'ヒャクニジューサン');
});

test('emoji and pictographs are skipped, named symbols are read', () => {
  assert.equal(spoken('🎉やった'), 'やった');
  assert.equal(spoken('いいね👍🏽'), 'いいね');
  assert.equal(spoken('日本🇯🇵'), '日本');
  assert.equal(spoken('★重要'), '重要');
  assert.equal(spoken('A&B'), 'エーアンドビー');
  assert.equal(spoken('α版'), 'アルファ版');
  for (const s of normalize('✨完了✅ → 次へ ❤️')) {
    assert.doesNotMatch(s.reading ?? s.text, /[\p{Extended_Pictographic}\uFE0F→]/u, JSON.stringify(s));
  }
});

test('segments: plain text is passed through untouched, readings are separate segments', () => {
  assert.deepEqual(normalize('今日は3本の木を見た。'), [
    { text: '今日は' },
    { text: '3本', reading: 'サンボン' },
    { text: 'の木を見た。' },
  ]);
  assert.deepEqual(normalize(''), []);
  assert.deepEqual(normalize('   '), []);
});

test('Markdown in a piece: headings, bullets, quotes, emphasis, links, inline code', () => {
  assert.equal(spoken('# 見出し'), '見出し');
  assert.equal(spoken('### 使い方 ###'), '使い方');
  assert.equal(spoken('- 項目'), '項目');
  assert.equal(spoken('* 項目'), '項目');
  assert.equal(spoken('- [x] 完了した項目'), '完了した項目');
  assert.equal(spoken('> 引用文'), '引用文');
  assert.equal(spoken('これは**重要**です'), 'これは重要です');
  assert.equal(spoken('これは*強調*と~~取消~~です'), 'これは強調と取消です');
  assert.equal(spoken('[公式サイト](https://example.com/page)を見る'), '公式サイトを見る');
  assert.equal(spoken('![図](img/a.png)'), '図');
  assert.equal(spoken('`npm`で入れる'), 'エヌピーエムで入れる');
  assert.equal(spoken('---'), '');
  assert.equal(spoken('| 名前 | 値 |'), '名前値'); // table pipes are dropped
  assert.equal(spoken('改行<br>タグ'), '改行タグ');
});

test('code comments in a piece: //, /* */, leading *, #, <!-- -->, --', () => {
  assert.equal(spoken('// 設定を読む'), '設定を読む');
  assert.equal(spoken('/// 説明'), '説明');
  assert.equal(spoken('/* 一時的な処理 */'), '一時的な処理');
  assert.equal(spoken('/**\n * 説明文\n */'), '説明文');
  assert.equal(spoken('# 設定ファイル', 'python'), '設定ファイル');
  assert.equal(spoken('<!-- 注記 -->', 'html'), '注記');
  assert.equal(spoken('-- テーブル作成', 'sql'), 'テーブル作成');
  // snake_case and arithmetic are not emphasis
  assert.equal(spoken('max_token_count'), 'マックストークンカウント');
  assert.deepEqual(readings('3*4'), ['サン', 'ヨン']);
});

test('stripMarkup keeps the length so source offsets stay valid', () => {
  const src = '## 見出し\n- **強調**と[リンク](https://example.com)\n// コメント';
  const out = stripMarkup(src, 'markdown');
  assert.equal(out.length, src.length);
  for (const w of ['見出し', '強調', 'リンク']) assert.equal(out.indexOf(w), src.indexOf(w), w);
  assert.ok(!out.includes('https'), 'the link target is blanked');
  assert.ok(!out.includes('#') && !out.includes('*') && !out.includes('['));
  const ts = '  // 設定を読む\n  /* 説明 */';
  const outTs = stripMarkup(ts, 'typescript');
  assert.equal(outTs, '     設定を読む\n     説明   ');
  assert.equal(stripMarkup('# not a comment in plain text', 'plaintext'), '# not a comment in plain text');
});

test('a space between a number and its counter or unit is allowed, but not before a longer word', () => {
  assert.equal(spoken('2.0 倍'), 'ニテンゼロバイ');
  assert.equal(spoken('10 件ずつ'), 'ジュッケンずつ');
  assert.equal(spoken('5 分後'), 'ゴフン後');
  assert.equal(spoken('3 日間'), 'ミッカカン');
  assert.equal(spoken('3 日本語'), 'サン日本語');
});

test('Markdown code blocks keep the code but lose comment markers; JSDoc tags lose the @', () => {
  const md = '説明\n```ts\n// 正規化する\nconst x = 1;\n```\n終わり';
  const s = spoken(md, 'markdown');
  assert.ok(s.includes('正規化する') && !s.includes('//') && !s.includes('```'), s);
  assert.ok(s.includes('コンスト'), s);
  assert.equal(spoken(' * @param path 設定のパス'), 'パラメーターパス設定のパス');
  assert.equal(spoken(' * @returns 結果'), 'リターン結果');
});

test('$ outside an amount and HTML entities', () => {
  assert.equal(spoken('$el'), 'エル');
  assert.equal(spoken('$100'), 'ヒャクドル');
  assert.equal(spoken('A&amp;B'), 'エーアンドビー');
  assert.equal(spoken('&lt;div&gt;'), 'ディブ');
});
