/** Opening models with real onnxruntime-node: IO mapping for the known name sets, and clear errors. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { KokoroSession } from '../../../src/core/engine/session';
import { EngineError } from '../../../src/core/engine/errors';
import { buildTestModel } from '../../support/testModel';
import { NEZUMI_BIN, expectedWaveform, maxAbsDiff, modelFile, tmpDir, voiceRow } from './helpers';

async function failsWith(file: string, code: string, re: RegExp) {
  await assert.rejects(KokoroSession.open(file), (e: unknown) => {
    assert.ok(e instanceof EngineError, String(e));
    assert.equal(e.code, code);
    assert.match(e.message, re);
    return true;
  });
}

test('input_ids/style/float32 speed → waveform; ids framed with zeros', async () => {
  const s = await KokoroSession.open(modelFile({ cost: 2 }));
  assert.deepEqual(s.io, { ids: 'input_ids', idsType: 'int64', style: 'style', speed: 'speed', speedType: 'float32', waveform: 'waveform', duration: undefined });
  const style = voiceRow(NEZUMI_BIN, 2);
  const t0 = performance.now();
  const r = await s.run([53, 43, 61], style, 1.25);
  const wall = performance.now() - t0;
  assert.ok(maxAbsDiff(r.samples, expectedWaveform([0, 53, 43, 61, 0], style, 1.25)) < 1e-4);
  // The run's own time: more than nothing, and within the time the call took (a constant or a wrong start fails).
  assert.ok(r.inferenceMs > 0 && r.inferenceMs <= wall, `inferenceMs ${r.inferenceMs} not within (0, ${wall}]`);
  await s.release();
  assert.equal(s.loaded, false);
});

test('tokens/ref_s/int32 speed with duration and [1, samples] output', async () => {
  const s = await KokoroSession.open(modelFile({ names: 'legacy', speedType: 'int32', duration: true, batchedOutput: true }));
  assert.deepEqual(s.io, { ids: 'tokens', idsType: 'int64', style: 'ref_s', speed: 'speed', speedType: 'int32', waveform: 'waveform', duration: 'duration' });
  const style = voiceRow(NEZUMI_BIN, 1);
  // int32 speed can only carry whole numbers: 1.3 is sent as 1, 0.5 as 1 (never 0)
  const r = await s.run([55, 43], style, 1.3);
  assert.ok(maxAbsDiff(r.samples, expectedWaveform([0, 55, 43, 0], style, 1)) < 1e-4);
  assert.deepEqual(r.durations, [1800, 1800, 1800, 1800]);
  const slow = await s.run([55, 43], style, 0.5);
  assert.equal(slow.samples.length, 4 * 1800);
  await s.release();
});

test('a model with other input names fails as model-invalid, naming what it found', async () => {
  const f = path.join(tmpDir(), 'wrong-inputs.onnx');
  fs.writeFileSync(f, buildTestModel({ inputNames: { ids: 'text', style: 'voice' } }));
  await failsWith(f, 'model-invalid', /no token input named input_ids or tokens.*Found inputs text: int64 \[1, n\]; voice: float32 \[1, 256\]; speed: float32 \[1\]/);
  const g = path.join(tmpDir(), 'wrong-style.onnx');
  fs.writeFileSync(g, buildTestModel({ inputNames: { style: 'embedding' } }));
  await failsWith(g, 'model-invalid', /no style input named style or ref_s.*embedding/);
});

test('a corrupt or truncated file is model-invalid and suggests downloading again', async () => {
  const good = buildTestModel({ cost: 5 });
  const trunc = path.join(tmpDir(), 'truncated.onnx');
  fs.writeFileSync(trunc, good.subarray(0, good.length - 5000));
  await failsWith(trunc, 'model-invalid', /corrupt or not an ONNX model.*download it again/);
  const html = path.join(tmpDir(), 'html.onnx');
  fs.writeFileSync(html, '<html><body>404 Not Found</body></html>');
  await failsWith(html, 'model-invalid', /corrupt or not an ONNX model/);
  const empty = path.join(tmpDir(), 'empty.onnx');
  fs.writeFileSync(empty, '');
  await failsWith(empty, 'model-invalid', /corrupt or not an ONNX model/);
});

test('a missing model file is model-missing', async () => {
  await failsWith(path.join(tmpDir(), 'absent.onnx'), 'model-missing', /does not exist/);
});
