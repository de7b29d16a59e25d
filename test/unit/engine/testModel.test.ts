/** The generated Kokoro-shaped model, run directly in onnxruntime-node: names, dtypes, and output per its definition. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as ort from 'onnxruntime-node';
import { ALPHA_BIN, NEZUMI_BIN, expectedWaveform, maxAbsDiff, modelFile, voiceRow } from './helpers';

function feeds(s: ort.InferenceSession, ids: number[], style: Float32Array, speed: number, speedType: 'float32' | 'int32') {
  return {
    [s.inputNames[0]]: new ort.Tensor('int64', BigInt64Array.from(ids, BigInt), [1, ids.length]),
    [s.inputNames[1]]: new ort.Tensor('float32', style, [1, 256]),
    [s.inputNames[2]]: speedType === 'int32' ? new ort.Tensor('int32', Int32Array.of(speed), [1]) : new ort.Tensor('float32', Float32Array.of(speed), [1]),
  };
}

test('kokoro names and dtypes, output follows ids, style and speed', async () => {
  const s = await ort.InferenceSession.create(modelFile({ cost: 3 }));
  assert.deepEqual(s.inputNames, ['input_ids', 'style', 'speed']);
  assert.deepEqual(s.outputNames, ['waveform']);
  const types = s.inputMetadata.map((m) => (m.isTensor ? m.type : 'x'));
  assert.deepEqual(types, ['int64', 'float32', 'float32']);
  const ids = [0, 53, 43, 61, 51, 0];
  const style = voiceRow(NEZUMI_BIN, 3);
  const out = (await s.run(feeds(s, ids, style, 1, 'float32'))).waveform;
  assert.deepEqual(out.dims, [6 * 1800]);
  assert.ok(maxAbsDiff(out.data as Float32Array, expectedWaveform(ids, style, 1)) < 1e-4);
  // another style row → another amplitude; another speed → another length; other ids → other frequencies
  const other = voiceRow(ALPHA_BIN, 3);
  const out2 = (await s.run(feeds(s, ids, other, 1, 'float32'))).waveform.data as Float32Array;
  assert.ok(Math.abs(out2[0] - (out.data as Float32Array)[0]) > 1e-4);
  const fast = (await s.run(feeds(s, ids, style, 2, 'float32'))).waveform;
  assert.deepEqual(fast.dims, [6 * 900]);
  assert.ok(maxAbsDiff(fast.data as Float32Array, expectedWaveform(ids, style, 2)) < 1e-4);
  const ids2 = [0, 57, 63, 62, 47, 0];
  const out3 = (await s.run(feeds(s, ids2, style, 1, 'float32'))).waveform.data as Float32Array;
  assert.ok(maxAbsDiff(out3, expectedWaveform(ids2, style, 1)) < 1e-4);
  assert.ok(maxAbsDiff(out3, out.data as Float32Array) > 0.01);
  await s.release();
});

test('legacy names, int32 speed, duration output and [1, samples] waveform', async () => {
  const s = await ort.InferenceSession.create(modelFile({ names: 'legacy', speedType: 'int32', duration: true, batchedOutput: true }));
  assert.deepEqual(s.inputNames, ['tokens', 'ref_s', 'speed']);
  assert.deepEqual(s.outputNames, ['waveform', 'duration']);
  const speedMeta = s.inputMetadata[2];
  assert.ok(speedMeta.isTensor && speedMeta.type === 'int32');
  const ids = [0, 55, 43, 0];
  const style = voiceRow(NEZUMI_BIN, 1);
  const r = await s.run(feeds(s, ids, style, 2, 'int32'));
  assert.deepEqual(r.waveform.dims, [1, 4 * 900]);
  assert.ok(maxAbsDiff(r.waveform.data as Float32Array, expectedWaveform(ids, style, 2)) < 1e-4);
  assert.deepEqual(Array.from(r.duration.data as BigInt64Array, Number), [900, 900, 900, 900]);
  await s.release();
});

test('the cost knob adds work without changing the documented output', async () => {
  const ids = [0, 53, 43, 61, 51, 62, 47, 0];
  const style = voiceRow(NEZUMI_BIN, 6);
  const cheap = await ort.InferenceSession.create(modelFile({}));
  const costly = await ort.InferenceSession.create(modelFile({ cost: 50 }));
  const a = (await cheap.run(feeds(cheap, ids, style, 1, 'float32'))).waveform.data as Float32Array;
  const b = (await costly.run(feeds(costly, ids, style, 1, 'float32'))).waveform.data as Float32Array;
  assert.equal(maxAbsDiff(a, b), 0);
  // the costly graph really holds the layers (50 × MatMul + Tanh over the token embeddings)
  const fs = await import('fs');
  assert.ok(fs.statSync(modelFile({ cost: 50 })).size > fs.statSync(modelFile({})).size + 256 * 256 * 4);
  await cheap.release();
  await costly.release();
});
