import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { normalize } from '../../../src/core/text/normalize';
import techWords from '../../../src/core/text/data/tech-words.json';
import letters from '../../../src/core/text/data/letters.json';
import counters from '../../../src/core/text/data/counters.json';

const KATAKANA = /^[ァ-ヶー]+$/;

test('every reading in the data tables is katakana in pronunciation form', () => {
  for (const [k, v] of Object.entries(techWords.words)) assert.match(v, KATAKANA, k);
  for (const [k, v] of Object.entries(letters.letters)) assert.match(v, KATAKANA, k);
  for (const [k, v] of Object.entries(letters.symbols)) assert.match(v, KATAKANA, k);
  for (const [k, c] of Object.entries(counters.counters) as Array<[string, { reading: string; rules?: object; exact?: object }]>) {
    assert.match(c.reading, KATAKANA, k);
    for (const v of Object.values(c.rules ?? {})) assert.match(v as string, KATAKANA, k);
    for (const v of Object.values(c.exact ?? {})) assert.match(v as string, KATAKANA, k);
  }
  assert.ok(Object.keys(techWords.words).length >= 300, 'a few hundred curated words');
});

test('plain Japanese text passes through unchanged (the 20 reference sentences)', () => {
  const file = path.resolve(__dirname, '../../../../shared/reference/misaki_examples.json');
  const examples = JSON.parse(fs.readFileSync(file, 'utf8')) as Array<{ text: string }>;
  assert.equal(examples.length, 20);
  for (const { text } of examples) assert.deepEqual(normalize(text), [{ text }], text);
});

test('odd input never throws, never yields non-katakana readings, never leaves Latin letters for the analyser', () => {
  const inputs = [
    '', ' ', '\n\n', '0', '00', '-', '--', '-0', '¥', '$', '%', '%%', '1.', '.5', '1..2', '1,', ',000', '1,0000', '99999999999999999999',
    '999999999999999999999999', '1e10', '0x', '0xZZ', 'v', 'v1', 'http://', 'https://a', 'a@b', '@', '/', '//', '/*', '*/', '<!--',
    '[](', '[a](b', '`', '```', '~~', '**', '__', 'é', 'Ω', 'ｱ', '㍻', '①②③', '½', 'ℵ', '𝒳', '🏳️‍🌈', '👨‍👩‍👧', '#️⃣', 'a'.repeat(300),
    'A1b2C3', 'ABC_def-GHI.jkl', 'x86_64-linux-gnu', '2026/02/30', '24:00', '99:99', '1日1日', '第', '第第3', '3〜', '〜〜3',
    'C#', 'F#m', 'c++17', '.NET 8', 'node.js.', 'e.g.', 'i.e.', 'U.S.A.', "don't", "rock'n'roll",
  ];
  for (const s of inputs) {
    let segs;
    assert.doesNotThrow(() => (segs = normalize(s)), s);
    for (const seg of segs as unknown as Array<{ text: string; reading?: string }>) {
      if (seg.reading !== undefined) assert.match(seg.reading, KATAKANA, `${s} → ${JSON.stringify(seg)}`);
      else assert.doesNotMatch(seg.text, /[A-Za-z]/, `${s} → ${JSON.stringify(seg)}`);
    }
  }
});
