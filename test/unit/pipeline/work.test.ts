// How much work chunk planning does, counted on the converter (calls and characters), never timed:
// each sentence is converted once, packing reuses the token counts it has, a long line without punctuation is
// read in bounded windows (its first chunk does not wait for the rest), and text with nothing to say is decided
// without converting it.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { loadG2P, type G2P } from '../../../src/core/g2p';
import { hasSpeech } from '../../../src/core/g2p/tokens';
import { iterateChunks, planChunks } from '../../../src/core/pipeline/chunks';
import table from '../../../src/core/text/data/punctuation.json';

let g2p: G2P;
before(async () => {
  g2p = await loadG2P();
});

interface Work {
  /** Calls to convert, and the characters they were given. */
  calls: number;
  converted: number;
  /** Characters given to the word-boundary analysis. */
  analysed: number;
}

/** The real converter with counters around it. */
function counted(inner: G2P): { g2p: G2P; work: Work } {
  const work: Work = { calls: 0, converted: 0, analysed: 0 };
  return {
    work,
    g2p: {
      convert(text, opts) {
        work.calls++;
        work.converted += text.length;
        return inner.convert(text, opts);
      },
      wordBoundaries(text) {
        work.analysed += text.length;
        return inner.wordBoundaries!(text);
      },
      isSilent: inner.isSilent && ((text) => inner.isSilent!(text)),
    },
  };
}

// Words of a plain sentence, repeated without any punctuation.
const UNIT = '東京大学の留学生が新しい研究を始めて';
const unpunctuated = (chars: number) => UNIT.repeat(Math.ceil(chars / UNIT.length)).slice(0, chars);

test('a 5,000-character sentence without punctuation is converted about once, in a bounded number of calls', () => {
  const text = unpunctuated(5000);
  const { g2p: c, work } = counted(g2p);
  const chunks = planChunks(text, c);
  assert.ok(chunks.length >= 10, `${chunks.length} chunks`);
  assert.equal(chunks.map((ch) => ch.text).join(''), text);
  // Each character goes through the converter once (plus at most one failed whole try of a short span) and the
  // boundary analysis less than twice; the calls are runs of words, not single words or growing spans.
  assert.ok(work.converted <= 1.2 * text.length, `converted ${work.converted} characters for ${text.length}`);
  assert.ok(work.analysed <= 1.5 * text.length, `analysed ${work.analysed} characters for ${text.length}`);
  assert.ok(work.calls <= text.length / 25, `${work.calls} conversions`);
});

test('the work grows linearly with an unpunctuated line, and its first chunk comes after a bounded amount of it', () => {
  const measure = (chars: number) => {
    const { g2p: c, work } = counted(g2p);
    const it = iterateChunks(unpunctuated(chars), c);
    assert.ok(!it.next().done);
    const first = work.converted + work.analysed;
    while (!it.next().done);
    return { first, total: work.converted + work.analysed };
  };
  const n = measure(6000);
  const n2 = measure(12000);
  assert.ok(n.first <= 1500 && n2.first <= 1500, `before the first chunk: ${n.first} and ${n2.first} characters of work`);
  assert.ok(n2.total / n.total < 2.2, `twice the text cost ${(n2.total / n.total).toFixed(2)} times the work`);
});

test('text with nothing to say is decided without converting it: 100,000 × 「。」, marks and brackets', () => {
  const { g2p: c, work } = counted(g2p);
  assert.deepEqual(planChunks('。'.repeat(100000), c), []);
  assert.deepEqual(planChunks('「」！\n。。、\n・・・　……\n'.repeat(2000), c), []);
  assert.equal(work.calls, 0);
  assert.equal(work.analysed, 0);
});

test('every mark of the punctuation table converts to nothing speakable (what the silent check relies on)', () => {
  const marks = Object.keys(table.marks);
  for (const m of marks) assert.equal(hasSpeech(g2p.convert(m).tokens), false, m);
  assert.equal(hasSpeech(g2p.convert(marks.join(' ')).tokens), false);
  assert.equal(g2p.isSilent!(marks.join('\u3000\n')), true);
  assert.equal(g2p.isSilent!('。。あ。'), false);
});

test('a user-dictionary word made of marks is still read (the silent check knows the dictionary)', async () => {
  const custom = await loadG2P({ userDictionary: { '〜〜': 'ナミナミ' } });
  assert.equal(custom.isSilent!('〜〜。'), false);
  const chunks = planChunks('〜〜。', custom);
  assert.equal(chunks.length, 1);
  assert.equal(chunks[0].kana, 'ナミナミ。');
});

test('cutting a long line into runs keeps its reading: the chunks read as the whole line does', () => {
  const text = unpunctuated(2000);
  const chunks = planChunks(text, g2p);
  assert.ok(chunks.length >= 4);
  assert.equal(chunks.map((ch) => ch.kana).join(''), g2p.convert(text).kana);
});

test('a long line is never cut inside a ruby: each base is read once, as its ruby says', () => {
  // 漢字《かんじ》 is the word 漢字 with its reading; without the guard a cut between 漢字 and 《かんじ》 reads it twice.
  const text = '新しい漢字《かんじ》を覚えて'.repeat(200);
  const chunks = planChunks(text, g2p);
  assert.ok(chunks.length >= 5, `${chunks.length} chunks`);
  const kana = chunks.map((ch) => ch.kana).join('');
  assert.equal(kana, 'アタラシイカンジオオボエテ'.repeat(200));
});
