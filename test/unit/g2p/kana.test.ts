// Kana → phoneme rules of misaki's cutlet path. Expected strings are written by hand from the rules and the
// kana table (kokoro-ja.md §2.4), not taken from the program's output.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { toHiragana, toKatakana, unreadableKana, wordToPhonemes } from '../../../src/core/g2p/kana';
import { tokenize } from '../../../src/core/g2p/tokens';
import { joinWords } from '../../../src/core/g2p/join';

const cases: Array<[string, string, string]> = [
  // [kana, expected phonemes, what it checks]
  ['か', 'ka', 'plain mora'],
  ['き', 'kʲi', 'palatalised i-column'],
  ['みり', 'mʲiɾʲi', 'palatalised m and ɾ'],
  ['しちじにひ', 'ɕiʨiʥiɲiçi', 'consonants that carry the palatal quality themselves'],
  ['きゃきゅきょ', 'kʲakʲɨkʲo', 'ゃゅょ digraphs, ɨ in the ゅ digraph'],
  ['しゃしゅしょ', 'ɕaɕɨɕo', 'し digraphs replace the vowel'],
  ['ちゅ', 'ʨɨ', 'ち digraph'],
  ['りゅう', 'ɾʲɨɯ', 'spelled long vowel stays a vowel'],
  ['ゆ', 'jɯ', 'bare ゆ keeps ɯ'],
  ['すずつづ', 'sɨzɨʦɨzɨ', 'ɨ after s, z, ʦ'],
  ['う', 'ɯ', 'う is ɯ'],
  ['ふ', 'ɸɯ', 'ふ'],
  ['わを', 'βao', 'わ and を'],
  ['ざぜぞ', 'ʣaʣeʣo', 'affricate ligature ʣ'],
  ['が', 'ɡa', 'IPA ɡ (U+0261)'],
  ['トーキョー', 'toːkʲoː', 'ー lengthens: 東京'],
  ['セーター', 'seːtaː', 'ー after e and a'],
  ['がっこう', 'ɡaʔkoɯ', 'っ is ʔ'],
  ['キップ', 'kʲiʔpɯ', 'katakana っ'],
  ['シンブン', 'ɕimbɯɴ', 'ん before b → m; final ん → ɴ (新聞)'],
  ['テンキ', 'teŋkʲi', 'ん before k → ŋ (天気)'],
  ['コンニチワ', 'koɲɲiʨiβa', 'ん before ɲ → ɲ (こんにちは)'],
  ['ヨンデ', 'jonde', 'ん before d → n (読んで)'],
  ['センセー', 'seɴseː', 'ん before s → ɴ (先生)'],
  ['ナンジ', 'naɲʥi', 'ん before ʥ → ɲ'],
  ['サンポ', 'sampo', 'ん before p → m'],
  ['マンガ', 'maŋɡa', 'ん before ɡ → ŋ'],
  ['カンリ', 'kanɾʲi', 'ん before ɾ → n'],
  ['サンゼン', 'saɴʣeɴ', 'ん before ぜ (ʣ) → ɴ'],
  ['ミンズ', 'mʲinzɨ', 'ん before ず (z) → n'],
  ['ホンヤ', 'hoɴja', 'ん before や → ɴ'],
  ['ティー', 'tʲiː', 'loanword digraph てぃ'],
  ['ファイル', 'ɸaiɾɯ', 'ふぁ digraph'],
  ['ヴァイオリン', 'vaioɾʲiɴ', 'ゔぁ digraph'],
  ['ヴ', 'vɯ', 'ゔ'],
  ['クァ', 'kᵝa', 'くぁ with ᵝ'],
  ['スィ', 'si', 'generic small-kana rule: す minus vowel + ぃ'],
  ['テャ', 'tja', 'generic small-kana rule: て minus vowel + ゃ'],
  ['ャ', '', 'stray small kana alone is silent'],
  ['っゃ', '', 'っ before a small kana outputs nothing, and the small kana is then stray'],
  ['ヷ', 'va', 'katakana-only letter'],
  ['いすゞ', 'isɨzɨ', 'ゞ repeats the previous kana voiced'],
];

for (const [kana, want, what] of cases) {
  test(`kana rule: ${kana} → ${want || '(nothing)'} (${what})`, () => {
    assert.equal(wordToPhonemes(kana), want);
  });
}

test('hiragana and katakana give the same phonemes', () => {
  assert.equal(wordToPhonemes('きょうと'), wordToPhonemes('キョウト'));
  assert.equal(wordToPhonemes('きょうと'), 'kʲoɯto');
});

test('kana conversion both ways keeps ー and katakana-only letters', () => {
  assert.equal(toHiragana('トーキョー'), 'とーきょー');
  assert.equal(toKatakana('とうきょう'), 'トウキョウ');
  assert.equal(toHiragana('ヷ'), 'ヷ');
});

test('ん looks ahead only inside its word: word-final ん is ɴ before any next word', () => {
  assert.equal(joinWords([{ surface: 'レモン', kana: 'レモン', phonemes: wordToPhonemes('レモン') }, { surface: 'と', kana: 'ト', phonemes: wordToPhonemes('ト') }]), 'ɾemoɴ to');
});

test('words are joined by one space, punctuation attaches to the word before, no spaces around ʔ', () => {
  const w = (p: string) => ({ surface: p, kana: p, phonemes: p });
  assert.equal(joinWords([w('iʔ'), w('te'), { surface: '、', kana: '、', phonemes: ',', punct: 'close' }, w('jo')]), 'iʔte, jo');
  assert.equal(joinWords([w('ʦɨkaʔ'), w('te'), w('imasɨ'), { surface: '。', kana: '。', phonemes: '.', punct: 'close' }]), 'ʦɨkaʔte imasɨ.');
  assert.equal(joinWords([w('a'), { surface: '「', kana: '「', phonemes: '', punct: 'open' }, w('b')]), 'a b');
});

test('tokens: one id per code point from the Kokoro vocab, unknown symbols dropped', () => {
  // ids read from kokoro-vocab.json by hand: ɕ 77, i 51, m 55, b 44, ɯ 110, ɴ 115, space 16, . 4
  assert.deepEqual(tokenize('ɕimbɯɴ'), [77, 51, 55, 44, 110, 115]);
  assert.deepEqual(tokenize('a b.'), [43, 16, 44, 4]);
  // 'X' and 'g' (ASCII g) are not in the vocab; ʔ is 148, ː is 158
  assert.deepEqual(tokenize('Xaʔgː'), [43, 148, 158]);
});

test('kana the table cannot read are reported (ゟ, ヿ), readable ones in either script are not', () => {
  assert.deepEqual(unreadableKana('アゟきゃッーヿ'), ['ゟ', 'ヿ']);
  assert.deepEqual(unreadableKana('ヴァイオリン'), []);
});
