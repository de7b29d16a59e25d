import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadG2P } from '../../../src/core/g2p';
import { planChunks } from '../../../src/core/pipeline/chunks';
import { ChunkPlanner } from '../../../src/core/engine/planner';

test('lazy planning gives exactly the chunks of planning the whole text', async () => {
  const g2p = await loadG2P({ analyser: 'kana' });
  const long = 'あいうえおかきくけこさしすせそたちつてと、'.repeat(30); // one sentence far over 510 tokens
  const text = `はじめまして。\n${long}おわり。😀。\n  さようなら！ まる`;
  const whole = planChunks(text, g2p);
  const p = new ChunkPlanner(text, g2p);
  p.until(1);
  assert.equal(p.chunks.length, 1);
  assert.equal(p.chunks[0].text, 'はじめまして。');
  assert.equal(p.done, false);
  p.until(2);
  assert.equal(p.chunks.length, 2);
  assert.equal(p.done, false);
  while (!p.done) p.slice(0);
  assert.deepEqual(p.chunks, whole);
  assert.ok(whole.length > 4, 'the long sentence was split');
  assert.ok(whole.every((c) => c.tokens.length <= 510));
  for (const c of p.chunks) assert.equal(text.slice(c.start, c.end), c.text);
});

test('a text with nothing speakable plans no chunks', async () => {
  const g2p = await loadG2P({ analyser: 'kana' });
  const p = new ChunkPlanner('😀。🎉！', g2p);
  p.until(1);
  assert.equal(p.chunks.length, 0);
  assert.equal(p.done, true);
});
