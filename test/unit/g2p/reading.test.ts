// Real readings through kuromoji + IPADIC. Expected readings and phonemes are checked by hand (standard Japanese
// pronunciation; phonemes from the kana rules), never copied from the program's output.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { loadG2P, type G2P } from '../../../src/core/g2p';

let g2p: G2P;
before(async () => {
  g2p = await loadG2P();
});

const noSpace = (s: string) => s.replace(/[\s.,?!:;]/g, '');

test('東京 is read トーキョー → toːkʲoː', () => {
  const r = g2p.convert('東京');
  assert.equal(r.kana, 'トーキョー');
  assert.equal(r.phonemes, 'toːkʲoː');
});

test('particles: は → ワ (βa), へ → エ (e), を → オ (o)', () => {
  const r = g2p.convert('私は学校へ本を持っていきます');
  assert.equal(noSpace(r.kana), 'ワタシワガッコーエホンオモッテイキマス');
  assert.match(r.phonemes, /^βataɕi βa ɡaʔkoː e hoɴ o /);
});

test('は inside a word stays ha (花, はし), only the particle becomes βa', () => {
  assert.equal(g2p.convert('花').phonemes, 'hana');
  assert.equal(g2p.convert('橋は').phonemes, 'haɕi βa');
});

test('ん by context on real words: 新聞 ɕimbɯɴ, 天気 teŋkʲi, こんにちは koɲɲiʨiβa, 先生 seɴseː', () => {
  assert.equal(g2p.convert('新聞').phonemes, 'ɕimbɯɴ');
  assert.equal(g2p.convert('天気').phonemes, 'teŋkʲi');
  assert.equal(g2p.convert('こんにちは').phonemes, 'koɲɲiʨiβa');
  assert.equal(g2p.convert('先生').phonemes, 'seɴseː');
});

test('読んで is one word: ん before d assimilates to n (jonde)', () => {
  assert.equal(g2p.convert('新聞を読んでいます').phonemes, 'ɕimbɯɴ o jonde imasɨ');
});

test('sokuon: no spaces around ʔ (行って iʔte, 使って ʦɨkaʔte)', () => {
  assert.match(g2p.convert('学校へ行って').phonemes, /iʔte$/);
  assert.match(g2p.convert('使っています').phonemes, /^ʦɨkaʔte imasɨ$/);
});

test('long vowels in the pronunciation form: 先生 センセー, 映画 エーガ, 丁寧 テーネー, 留学生 リューガクセー', () => {
  assert.equal(g2p.convert('映画').kana, 'エーガ');
  assert.equal(g2p.convert('丁寧').kana, 'テーネー');
  assert.equal(g2p.convert('留学生').kana, 'リューガクセー');
  assert.equal(g2p.convert('ましょう').kana, 'マショー');
  assert.equal(g2p.convert('行きましょう').phonemes, 'ikʲimaɕoː');
  // 手入れ: the エ and イ belong to different morphemes (手 + 入れ), so no lengthening
  assert.equal(g2p.convert('手入れ').kana, 'テイレ');
});

test('punctuation: 、。？！ become , . ? ! attached to the word before', () => {
  assert.equal(g2p.convert('はい、そうです。').phonemes, 'hai, soː desɨ.');
  assert.equal(g2p.convert('本当？').phonemes, 'hontoː?');
  assert.equal(g2p.convert('すごい！').phonemes, 'sɨɡoi!');
});

test('an all-hiragana sentence that kuromoji swallows whole is re-read word by word', () => {
  // 今日は給料日です written in hiragana: きょう は きゅうりょうび です
  assert.equal(noSpace(g2p.convert('きょうはきゅうりょうびです').kana), 'キョーワキューリョービデス');
});

test('unknown characters are skipped and reported, never a crash', () => {
  const r = g2p.convert('ねこ😀だ한글');
  assert.deepEqual(r.unknown, ['한', '글']);
  assert.equal(noSpace(r.phonemes), 'nekoda');
  const k = g2p.convert('𪚲');
  assert.deepEqual(k.tokens, []);
  assert.deepEqual(k.unknown, ['𪚲']);
  assert.deepEqual(g2p.convert('').tokens, []);
});

test('tokens are the vocab ids of the phoneme string, without framing zeros', () => {
  const r = g2p.convert('はい。');
  // h 50, a 43, i 51, . 4
  assert.deepEqual(r.tokens, [50, 43, 51, 4]);
});

test('user dictionary: surface → kana reading applied before analysis, longest match first', async () => {
  const custom = await loadG2P({ userDictionary: { 山田太郎: 'ヤマダタロー', 山田: 'やまだ', 鍵: 'キー' } });
  assert.equal(custom.convert('山田太郎です').phonemes, 'jamadataɾoː desɨ');
  assert.equal(custom.convert('山田です').phonemes, 'jamada desɨ');
  assert.equal(custom.convert('鍵').phonemes, 'kʲiː');
  // the shared dictionary is not changed for other converters
  assert.equal(g2p.convert('鍵').kana, 'カギ');
  await assert.rejects(loadG2P({ userDictionary: { 猫: 'neko' } }), /must be kana/);
});

test('kanji numerals with counters get their sound changes (三本 サンボン, 六匹 ロッピキ, 一人 ヒトリ)', () => {
  const kana = (t: string) => g2p.convert(t).kana;
  assert.equal(kana('三本'), 'サンボン');
  assert.equal(kana('六匹'), 'ロッピキ');
  assert.equal(kana('一人'), 'ヒトリ');
  assert.equal(kana('二人'), 'フタリ');
  assert.equal(kana('三百'), 'サンビャク');
  assert.equal(kana('二十日'), 'ハツカ');
  assert.equal(kana('五月一日'), 'ゴガツツイタチ');
  assert.equal(kana('八分'), 'ハップン');
  // not numbers: words that merely contain a numeral kanji keep their dictionary reading
  assert.equal(kana('統一'), 'トーイツ');
  assert.equal(kana('一般'), 'イッパン');
});

test('何 is なん before t/d/n sounds and counters, なに elsewhere', () => {
  assert.equal(g2p.convert('何ですか').kana, 'ナンデスカ');
  assert.equal(g2p.convert('何曜日').kana, 'ナンヨービ');
  assert.equal(g2p.convert('何を').kana, 'ナニオ');
});

test('日本 is read ニホン', () => {
  assert.equal(g2p.convert('日本').kana, 'ニホン');
});

test('a long text without punctuation reads the same as its parts (analysed in short pieces)', () => {
  // 東京大学 の 留学生 が 新しい 研究 を 始めて, by hand
  const unit = 'toːkʲoːdaiɡakɯ no ɾʲɨːɡakɯseː ɡa ataɾaɕii keŋkʲɨː o haʥimete';
  const r = g2p.convert('東京大学の留学生が新しい研究を始めて'.repeat(30));
  assert.equal(noSpace(r.phonemes), noSpace(unit).repeat(30));
  assert.deepEqual(r.unknown, []);
});

test('lone surrogates and control characters do not crash the analyser', () => {
  const a = g2p.convert('\uD800あ');
  assert.equal(a.phonemes, 'a');
  assert.deepEqual(a.unknown, ['\uD800']);
  assert.equal(g2p.convert('\u0000\u0007か\u001b').phonemes, 'ka');
  assert.equal(g2p.convert('あ\uDC00い').phonemes.replace(/ /g, ''), 'ai');
});

test('値 alone is あたい (a value), as a suffix ち (戻り値, 初期値, 閾値); 言う is spoken ゆう', () => {
  assert.equal(g2p.convert('値を返す').kana, 'アタイオカエス');
  assert.equal(g2p.convert('戻り値').kana, 'モドリチ');
  assert.equal(g2p.convert('初期値').kana, 'ショキチ');
  assert.equal(g2p.convert('閾値').kana, 'シキイチ');
  assert.equal(g2p.convert('彼の言うこと').kana.replace(/ /g, ''), 'カレノユーコト');
});

test('long vowels IPADIC leaves unmarked in kanji words: 使用量 シヨーリョー', () => {
  assert.equal(g2p.convert('使用量').kana, 'シヨーリョー');
});

test('a missing dictionary folder is a clear error, not a crash', async () => {
  await assert.rejects(loadG2P({ dictDir: '/nonexistent/dict' }), /dictionary not found in \/nonexistent\/dict/);
});

test('kana-only mode needs no dictionary: each kana run is one word', async () => {
  const kana = await loadG2P({ analyser: 'kana' });
  const r = kana.convert('こんにちは、せかい。');
  assert.equal(r.phonemes, 'koɲɲiʨiha, sekai.'); // without analysis は is not known to be a particle
  assert.deepEqual(kana.convert('ねこ猫').unknown, ['猫']);
});
