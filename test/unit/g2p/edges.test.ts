// Careless input through the real analyser. Expected readings checked by hand.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { loadG2P, type G2P } from '../../../src/core/g2p';

let g2p: G2P;
before(async () => {
  g2p = await loadG2P();
});

test('U+2212 after a letter is read マイナス and does not swallow the ) and 。 after it', () => {
  const r = g2p.convert('(グレード C−)。');
  assert.equal(r.kana, '(グレードシーマイナス)。');
  assert.deepEqual(r.unknown, []);
  assert.ok(r.phonemes.endsWith('.'), r.phonemes);
  assert.equal(g2p.convert('A−B').kana, 'エーマイナスビー');
  assert.equal(g2p.convert('気温は−5度。').kana, 'キオンワマイナスゴド。');
});

test('an unknown symbol keeps the punctuation after it: the pause stays, only the symbol is skipped', () => {
  const r = g2p.convert('テスト‡)。');
  assert.equal(r.kana, 'テスト)。');
  assert.deepEqual(r.unknown, ['‡']);
  assert.ok(r.phonemes.endsWith('.'), r.phonemes);
});

test('terminal escape codes are not spoken', () => {
  const r = g2p.convert('\x1b[31m赤\x1b[0mい\x1b]0;title\x07花。');
  assert.equal(r.kana, 'アカイハナ。');
  assert.deepEqual(r.unknown, []);
});
