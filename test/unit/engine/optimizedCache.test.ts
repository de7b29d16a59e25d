/**
 * The kept optimised graph (core/engine/optimizedCache.ts) with real onnxruntime-node: the second load of a model
 * starts from it and gives the same audio; a corrupt entry is ignored and rebuilt; a changed model gets a new entry
 * and the old one goes; nothing is written without a folder; an unusable folder never stops the model loading.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { KokoroSession } from '../../../src/core/engine/session';
import { EngineError } from '../../../src/core/engine/errors';
import { buildTestModel } from '../../support/testModel';
import { NEZUMI_BIN, expectedWaveform, maxAbsDiff, tmpDir, voiceRow } from './helpers';

/** A model of its own in a folder of its own (entries are per model path), and the cache folder beside it. */
function setup(name: string, cost = 3): { model: string; dir: string } {
  const root = fs.mkdtempSync(path.join(tmpDir(), `${name}-`));
  const model = path.join(root, 'model.onnx');
  fs.writeFileSync(model, buildTestModel({ cost }));
  return { model, dir: path.join(root, 'optimized') };
}

const entries = (dir: string) => (fs.existsSync(dir) ? fs.readdirSync(dir).sort() : []);

async function speaks(s: KokoroSession): Promise<void> {
  const style = voiceRow(NEZUMI_BIN, 3);
  const r = await s.run([50, 61, 43], style, 1);
  assert.ok(maxAbsDiff(r.samples, expectedWaveform([0, 50, 61, 43, 0], style, 1)) < 1e-4);
}

test('the first load keeps the optimised graph; the next load starts from it and speaks the same', async () => {
  const { model, dir } = setup('reuse');
  const first = await KokoroSession.open(model, dir);
  assert.equal(first.fromCache, false);
  await speaks(first);
  await first.release();
  const kept = entries(dir);
  assert.equal(kept.length, 1, `one entry, found ${kept.join(', ')}`);
  assert.match(kept[0], /^[0-9a-f]{16}-[0-9a-f]{16}\.onnx$/);
  assert.ok(fs.statSync(path.join(dir, kept[0])).size > 1000);
  const second = await KokoroSession.open(model, dir);
  assert.equal(second.fromCache, true);
  assert.deepEqual(second.io, first.io);
  await speaks(second);
  await second.release();
  assert.deepEqual(entries(dir), kept);
});

test('a corrupt or truncated entry is ignored: the model loads from itself and the entry is rebuilt', async () => {
  const { model, dir } = setup('corrupt');
  await (await KokoroSession.open(model, dir)).release();
  const [name] = entries(dir);
  const entry = path.join(dir, name);
  const good = fs.readFileSync(entry);
  for (const bad of [good.subarray(0, Math.floor(good.length / 2)), Buffer.from('not a model at all'), Buffer.alloc(0)]) {
    fs.writeFileSync(entry, bad);
    const s = await KokoroSession.open(model, dir);
    assert.equal(s.fromCache, false, 'a bad entry is never used');
    await speaks(s);
    await s.release();
    assert.deepEqual(entries(dir), [name]);
    assert.ok(fs.statSync(entry).size > bad.length, 'rebuilt');
    const again = await KokoroSession.open(model, dir);
    assert.equal(again.fromCache, true, 'the rebuilt entry is used');
    await again.release();
  }
});

test('a changed model file gets a new entry and the old one is deleted', async () => {
  const { model, dir } = setup('changed', 3);
  await (await KokoroSession.open(model, dir)).release();
  const before = entries(dir);
  // Another model at the same path (as a new download would be): other size and modification time.
  fs.writeFileSync(model, buildTestModel({ cost: 4 }));
  fs.utimesSync(model, new Date(), new Date(Date.now() + 5000));
  const s = await KokoroSession.open(model, dir);
  assert.equal(s.fromCache, false, 'the old entry does not fit the new model');
  await speaks(s);
  await s.release();
  const after = entries(dir);
  assert.equal(after.length, 1);
  assert.notEqual(after[0], before[0]);
  // The prefix (the model's path) is the same, the key differs.
  assert.equal(after[0].slice(0, 17), before[0].slice(0, 17));
});

test('without a folder nothing is written; an unusable folder does not stop the model loading', async () => {
  const { model, dir } = setup('nofolder');
  const s = await KokoroSession.open(model);
  assert.equal(s.fromCache, false);
  await s.release();
  assert.deepEqual(fs.readdirSync(path.dirname(model)), ['model.onnx']);
  // A model outside the folder the cache belongs to (one the user points at) is never copied.
  const elsewhere = setup('elsewhere');
  const u = await KokoroSession.open(elsewhere.model, dir);
  assert.equal(u.fromCache, false);
  await u.release();
  assert.equal(fs.existsSync(dir), false);
  assert.deepEqual(fs.readdirSync(path.dirname(elsewhere.model)), ['model.onnx']);
  // A file where the folder should be: the cache cannot be made, the model still loads and speaks.
  fs.writeFileSync(dir, 'in the way');
  const t = await KokoroSession.open(model, dir);
  assert.equal(t.fromCache, false);
  await speaks(t);
  await t.release();
  assert.equal(fs.readFileSync(dir, 'utf8'), 'in the way');
});

test('a corrupt model is still reported as corrupt with a cache folder, and leaves nothing in it', async () => {
  const { model, dir } = setup('badmodel');
  const good = fs.readFileSync(model);
  fs.writeFileSync(model, good.subarray(0, good.length - 5000));
  await assert.rejects(KokoroSession.open(model, dir), (e: unknown) => {
    assert.ok(e instanceof EngineError);
    assert.equal(e.code, 'model-invalid');
    assert.match(e.message, /corrupt or not an ONNX model/);
    return true;
  });
  assert.deepEqual(entries(dir), []);
});
