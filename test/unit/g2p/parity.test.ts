// Parity with misaki (Kokoro's own G2P) on the 20 recorded sentences: mean similarity ≥ 0.98, where
// similarity = 1 − Levenshtein / max length, whitespace and punctuation ignored (as /work/shared/tools/misaki-parity).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { loadG2P } from '../../../src/core/g2p';
import { levenshtein, similarity } from '../../support/similarity';

const SHARED = process.env.YOMIAGE_SHARED ?? path.resolve(__dirname, '../../../../shared');
const examples: Array<{ text: string; misaki: string }> = JSON.parse(
  fs.readFileSync(path.join(SHARED, 'reference', 'misaki_examples.json'), 'utf8'),
);

test('the metric itself: identical strings score 1, spaces and punctuation are ignored, edits cost', () => {
  assert.equal(similarity('koɲɲiʨiβa, βataɕi.', 'koɲɲiʨiβa βataɕi'), 1);
  assert.equal(levenshtein(Array.from('kitten'), Array.from('sitting')), 3);
  assert.equal(similarity('abcd', 'abce'), 0.75);
});

test('mean similarity to misaki on the 20 shared sentences is at least 0.98', async () => {
  assert.equal(examples.length, 20);
  const g2p = await loadG2P();
  const scores = examples.map((e) => similarity(g2p.convert(e.text).phonemes, e.misaki));
  const mean = scores.reduce((a, b) => a + b, 0) / scores.length;
  const worst = examples
    .map((e, i) => `${scores[i].toFixed(3)} ${e.text}`)
    .sort()
    .slice(0, 3)
    .join('; ');
  assert.ok(mean >= 0.98, `mean similarity ${mean.toFixed(4)} < 0.98 (worst: ${worst})`);
  // every sentence individually stays close: a broken rule would show up as one bad line
  assert.ok(Math.min(...scores) >= 0.8, `a sentence fell below 0.8: ${worst}`);
});
