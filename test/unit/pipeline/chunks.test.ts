// Chunk planning: sentence → clause → word splitting under the 510-token limit, with exact source offsets.
// Offsets and split points are worked out by hand from the texts below.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { loadG2P, type G2P } from '../../../src/core/g2p';
import { iterateChunks, planChunks } from '../../../src/core/pipeline/chunks';
import { splitClauses, splitSentences } from '../../../src/core/text/split';

let g2p: G2P;
before(async () => {
  g2p = await loadG2P();
});

test('sentences split at 。！？ and newlines, with UTF-16 offsets into the original text', () => {
  const text = '  最初の文です。\n「次の文です！」と彼は言った？\n\n最後';
  const chunks = planChunks(text, g2p);
  assert.deepEqual(
    chunks.map((c) => [c.index, c.start, c.end, c.text]),
    [
      [0, 2, 9, '最初の文です。'],
      [1, 10, 18, '「次の文です！」'],
      [2, 18, 25, 'と彼は言った？'],
      [3, 27, 29, '最後'],
    ],
  );
  for (const c of chunks) assert.equal(text.slice(c.start, c.end), c.text);
});

test('offsets count UTF-16 units (emoji are two), unknown characters are reported per chunk', () => {
  // 😀 is skipped by normalisation; 한 (Hangul) reaches the analyser, which cannot read it
  const text = 'ねこ😀한です。いぬ。';
  const chunks = planChunks(text, g2p);
  assert.deepEqual(chunks.map((c) => [c.start, c.end]), [[0, 8], [8, 11]]);
  assert.equal(chunks[0].phonemes, 'neko desɨ.');
  assert.deepEqual(chunks[0].unknown, ['한']);
  assert.deepEqual(chunks[1].unknown, []);
  assert.equal(chunks[1].phonemes, 'inɯ.');
});

test('chunks with nothing speakable are dropped', () => {
  assert.deepEqual(planChunks('。。\n「」！\n😀。', g2p), []);
  assert.deepEqual(planChunks('', g2p), []);
  const c = planChunks('。\nはい。', g2p);
  assert.equal(c.length, 1);
  assert.equal(c[0].text, 'はい。');
  assert.equal(c[0].index, 0);
});

test('a sentence over the limit is split at clause punctuation first, clauses packed greedily', () => {
  const text = '今日は天気が良いので、公園に行って、友達と遊びました。';
  // whole sentence: about 68 tokens; clauses: 今日は天気が良いので、(~25) 公園に行って、(~13) 友達と遊びました。(~26)
  assert.deepEqual(
    planChunks(text, g2p, 30).map((c) => c.text),
    ['今日は天気が良いので、', '公園に行って、', '友達と遊びました。'],
  );
  assert.deepEqual(planChunks(text, g2p, 45).map((c) => c.text), ['今日は天気が良いので、公園に行って、', '友達と遊びました。']);
  assert.deepEqual(planChunks(text, g2p).map((c) => c.text), [text]);
});

test('an ASCII comma between digits is not a clause end', () => {
  const text = '1,000円、2,5です';
  const spans = splitClauses(text, { start: 0, end: text.length });
  assert.deepEqual(spans.map((s) => text.slice(s.start, s.end)), ['1,000円、', '2,5です']);
  const ascii = 'はい,いいえ';
  assert.deepEqual(splitClauses(ascii, { start: 0, end: ascii.length }).map((s) => ascii.slice(s.start, s.end)), ['はい,', 'いいえ']);
});

// Hand-segmented words of the repeated unit; a chunk may end only between them.
const UNIT_WORDS = ['東京', '大学', 'の', '留学生', 'が', '新しい', '研究', 'を', '始めて'];

function insideWordOffsets(repeats: number): Set<number> {
  const inside = new Set<number>();
  let pos = 0;
  for (let r = 0; r < repeats; r++) {
    for (const w of UNIT_WORDS) {
      for (let k = 1; k < w.length; k++) inside.add(pos + k);
      pos += w.length;
    }
  }
  return inside;
}

test('a long paragraph without punctuation: every chunk ≤ 510 tokens, no word cut, all text covered', () => {
  const repeats = 40;
  const text = UNIT_WORDS.join('').repeat(repeats);
  const chunks = planChunks(text, g2p);
  assert.ok(chunks.length >= 3, `expected several chunks, got ${chunks.length}`);
  const inside = insideWordOffsets(repeats);
  let pos = 0;
  for (const c of chunks) {
    assert.ok(c.tokens.length <= 510, `chunk ${c.index} has ${c.tokens.length} tokens`);
    assert.ok(c.tokens.length > 300, `chunk ${c.index} is needlessly short (${c.tokens.length} tokens)`);
    assert.equal(c.start, pos, 'chunks are contiguous');
    assert.ok(!inside.has(c.end), `chunk ${c.index} ends inside a word at ${c.end}`);
    assert.equal(text.slice(c.start, c.end), c.text);
    pos = c.end;
  }
  assert.equal(pos, text.length);
});

test('word-level splitting respects a small limit too', () => {
  const text = UNIT_WORDS.join('');
  const chunks = planChunks(text, g2p, 20);
  const inside = insideWordOffsets(1);
  assert.ok(chunks.length >= 3);
  assert.equal(chunks.map((c) => c.text).join(''), text);
  for (const c of chunks) {
    assert.ok(c.tokens.length <= 20, `${c.text}: ${c.tokens.length} tokens`);
    assert.ok(!inside.has(c.end), `ends inside a word: ${c.text}`);
  }
});

test('a single word longer than the limit is cut by characters as a last resort, never truncated', () => {
  const text = 'アイウエオ'.repeat(10);
  const chunks = planChunks(text, g2p, 12);
  assert.equal(chunks.map((c) => c.text).join(''), text);
  for (const c of chunks) assert.ok(c.tokens.length <= 12);
});

test('maxTokens must be positive', () => {
  assert.throws(() => planChunks('はい', g2p, 0), RangeError);
});

test('ASCII ! and ? end a sentence only before a space, the end or Japanese text', () => {
  const text = 'a != b です! 次?[x]は![図](a.png)です';
  assert.deepEqual(splitSentences(text).map((s) => text.slice(s.start, s.end)), ['a != b です!', '次?[x]は![図](a.png)です']);
  const ja = 'すごい!本当?うん';
  assert.deepEqual(splitSentences(ja).map((s) => ja.slice(s.start, s.end)), ['すごい!', '本当?', 'うん']);
});

test('the language id reaches normalisation: Markdown markup is not read, offsets still cover the source', () => {
  const text = '# 見出し\n**太字**です。';
  const chunks = planChunks(text, g2p, 510, { languageId: 'markdown' });
  assert.deepEqual(chunks.map((c) => [c.start, c.end, c.phonemes]), [
    [0, 5, 'mʲidaɕi'],
    [6, 15, 'ɸɯtoʥi desɨ.'], // **太字**です。 is 9 UTF-16 units
  ]);
});

test('word boundaries never fall inside numbers, URLs or user-dictionary words', async () => {
  const text = '価格は1,000円でhttps://example.com/a.txtを見る';
  // 価格は = [0,3), 1,000 = [3,8), 円で = [8,10), the URL = [10,35)
  const b = g2p.wordBoundaries!(text);
  assert.ok(b.length >= 3, `boundaries: ${b}`);
  assert.deepEqual(b.filter((x) => (x > 3 && x < 8) || (x > 10 && x < 35)), []);
  const custom = await loadG2P({ userDictionary: { 東京大学: 'トーキョーダイガク' } });
  // kuromoji alone may split 東京|大学; the dictionary word stays whole
  assert.deepEqual(custom.wordBoundaries!('東京大学の学生').filter((x) => x > 0 && x < 4), []);
});

test('iterateChunks yields the same chunks lazily, converting a sentence only when it is reached', () => {
  const text = '一つ目の文。二つ目の文。三つ目の文。';
  let calls = 0;
  const counting: G2P = { convert: (t, o) => (calls++, g2p.convert(t, o)), wordBoundaries: (t) => g2p.wordBoundaries!(t) };
  const it = iterateChunks(text, counting);
  const first = it.next();
  assert.equal(first.done, false);
  assert.equal((first.value as { text: string }).text, '一つ目の文。');
  assert.equal(calls, 1);
  const rest = Array.from(it);
  assert.deepEqual(rest.map((c) => [c.index, c.text]), [[1, '二つ目の文。'], [2, '三つ目の文。']]);
  assert.deepEqual(planChunks(text, g2p).map((c) => c.text), ['一つ目の文。', '二つ目の文。', '三つ目の文。']);
});
