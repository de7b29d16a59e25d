/**
 * EngineClient over the real worker: crash and restart, idle unload and reload, model errors, shutdown while an
 * inference runs. Real onnxruntime-node, generated model, real voice packs.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { EngineClient, type AudioMessage, type SpeakOutcome } from '../../../src/core/engine/client';
import type { PreparedChunk } from '../../../src/core/engine/protocol';
import { buildTestModel } from '../../support/testModel';
import { CRASHING_WORKER, DIST_WORKER, NEZUMI_BIN, expectedWaveform, maxAbsDiff, modelFile, requireDist, tmpDir, tokens, voiceRow } from './helpers';

const HEAVY = () => modelFile({ cost: 1500 });
const chunks = (count: number): PreparedChunk[] =>
  Array.from({ length: count }, (_, i) => ({ text: `c${i}`, start: i, end: i + 1, tokens: tokens(40, i) }));

function client(extra: ConstructorParameters<typeof EngineClient>[0] = {}): EngineClient {
  requireDist();
  return new EngineClient({ workerPath: DIST_WORKER, ...extra });
}

async function speakAll(c: EngineClient, req: Parameters<EngineClient['speak']>[0]): Promise<{ outcome: SpeakOutcome; audio: AudioMessage[] }> {
  const audio: AudioMessage[] = [];
  const h = c.speak({ autoAck: true, ...req }, { onAudio: (a) => audio.push(a) });
  return { outcome: await h.finished, audio };
}

/** Polls the worker's stats until `pred` holds (bounded: fails after ~30 s rather than hanging). */
async function until(c: EngineClient, pred: (s: Awaited<ReturnType<EngineClient['stats']>>) => boolean): Promise<void> {
  for (let i = 0; i < 300; i++) {
    if (pred(await c.stats())) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  assert.fail('condition not reached');
}

for (const how of ['exit', 'throw'] as const) {
  test(`a worker that dies mid-utterance (${how}) is reported once and restarted on the next request`, async () => {
    const crashes: string[] = [];
    const c = client({ workerPath: CRASHING_WORKER, env: { YOMIAGE_CRASH: how }, onCrash: (m) => crashes.push(m) });
    try {
      const errors: string[] = [];
      const got: number[] = [];
      const h = c.speak(
        { text: 'long', assets: { modelPath: HEAVY(), voicePath: NEZUMI_BIN }, chunks: chunks(6), autoAck: true },
        {
          onAudio: (a) => got.push(a.chunk.index),
          onError: (e) => errors.push(e.code),
        },
      );
      const outcome = await h.finished;
      assert.equal(outcome.status, 'error');
      assert.equal(outcome.status === 'error' && outcome.code, 'internal');
      assert.match(outcome.status === 'error' ? outcome.message : '', /stopped unexpectedly.*restart on the next request/);
      assert.deepEqual(errors, ['internal']);
      assert.equal(crashes.length, 1);
      assert.ok(got.length < 6, 'the utterance was interrupted');
      assert.equal(c.running, false);
      // next request: a fresh worker, working audio
      const ids = tokens(9);
      const again = await speakAll(c, { text: 'x', assets: { modelPath: HEAVY(), voicePath: NEZUMI_BIN }, chunks: [{ text: 'x', start: 0, end: 1, tokens: ids }] });
      assert.equal(again.outcome.status, 'done');
      assert.equal(c.workerStarts, 2);
      assert.ok(maxAbsDiff(again.audio[0].samples, expectedWaveform([0, ...ids, 0], voiceRow(NEZUMI_BIN, 8), 1)) < 1e-4);
      assert.equal(crashes.length, 1);
    } finally {
      await c.dispose();
    }
  });
}

test('idle unload frees the session (the idle worker ends) and the next request reloads it', async () => {
  let unloaded!: () => void;
  const gotUnload = new Promise<void>((r) => (unloaded = r));
  const c = client({ idleUnloadMs: 300, onUnloaded: () => unloaded() });
  try {
    const assets = { modelPath: HEAVY(), voicePath: NEZUMI_BIN };
    const first = await speakAll(c, { text: 'x', assets, chunks: chunks(1) });
    assert.equal(first.outcome.status, 'done');
    const loaded = await c.stats();
    assert.equal(loaded.sessionLoaded, true);
    assert.equal(loaded.sessionLoads, 1);
    await gotUnload;
    assert.equal(c.running, false, 'the idle worker was retired');
    const second = await speakAll(c, { text: 'x', assets, chunks: chunks(1) });
    assert.equal(second.outcome.status, 'done');
    assert.deepEqual(second.audio[0].samples, first.audio[0].samples);
    const again = await c.stats();
    assert.equal(again.sessionLoaded, true);
    assert.equal(c.workerStarts, 2);
  } finally {
    await c.dispose();
  }
});

test('unload() releases model and dictionary at once; speaking again reloads them', async () => {
  const c = client();
  try {
    const assets = { modelPath: HEAVY(), voicePath: NEZUMI_BIN };
    assert.equal((await speakAll(c, { text: 'あ。', assets })).outcome.status, 'done');
    const before = await c.stats();
    assert.equal(before.sessionLoaded, true);
    assert.equal(before.dictLoaded, true);
    await c.unload();
    assert.equal(c.running, false);
    const after = await c.stats(); // a fresh worker: nothing loaded
    assert.equal(after.sessionLoaded, false);
    assert.equal(after.dictLoaded, false);
    assert.equal((await speakAll(c, { text: 'あ。', assets })).outcome.status, 'done');
    const s = await c.stats();
    assert.equal(s.sessionLoaded, true);
    assert.equal(c.workerStarts, 2);
  } finally {
    await c.dispose();
  }
});

test('with optimizedModelDir the worker keeps the optimised graph and the next worker loads from it', async () => {
  const root = fs.mkdtempSync(path.join(tmpDir(), 'client-opt-'));
  const modelPath = path.join(root, 'model.onnx');
  fs.writeFileSync(modelPath, buildTestModel({ cost: 20 }));
  const dir = path.join(root, 'optimized');
  const c = client({ optimizedModelDir: dir });
  try {
    const assets = { modelPath, voicePath: NEZUMI_BIN };
    const first = await speakAll(c, { text: 'あめ。', assets });
    assert.equal(first.outcome.status, 'done');
    const s1 = await c.stats();
    assert.equal(s1.sessionFromCache, false);
    // The cold-start figures the bench reports: the binding's load and the session's first run, once each.
    assert.ok(s1.ortLoadMs! > 0 && s1.firstRunMs! > 0, `ortLoadMs ${s1.ortLoadMs}, firstRunMs ${s1.firstRunMs}`);
    assert.equal(fs.readdirSync(dir).length, 1);
    await c.unload();
    const again = await speakAll(c, { text: 'あめ。', assets });
    assert.equal(again.outcome.status, 'done');
    assert.equal((await c.stats()).sessionFromCache, true);
    assert.equal(c.workerStarts, 2);
    assert.deepEqual(again.audio.map((a) => Array.from(a.samples)), first.audio.map((a) => Array.from(a.samples)));
  } finally {
    await c.dispose();
  }
});

test('unload() during a request lets the request finish, then releases the model', async () => {
  const c = client();
  try {
    const assets = { modelPath: HEAVY(), voicePath: NEZUMI_BIN };
    const audio: AudioMessage[] = [];
    const h = c.speak({ text: 'x', assets, chunks: chunks(3), autoAck: true }, { onAudio: (a) => audio.push(a) });
    const unloaded = c.unload();
    assert.deepEqual(await h.finished, { status: 'done', chunks: 3 });
    await unloaded;
    assert.equal(audio.length, 3);
    assert.equal((await c.stats()).sessionLoaded, false);
  } finally {
    await c.dispose();
  }
});

test('model problems come back as coded errors; the same worker then still speaks', async () => {
  const c = client();
  try {
    const d = tmpDir();
    const wrong = path.join(d, 'client-wrong.onnx');
    fs.writeFileSync(wrong, buildTestModel({ inputNames: { ids: 'phonemes' } }));
    const corrupt = path.join(d, 'client-corrupt.onnx');
    const good = buildTestModel({ cost: 3 });
    fs.writeFileSync(corrupt, good.subarray(0, good.length >> 1));
    const cases: Array<[string, string, RegExp]> = [
      [wrong, 'model-invalid', /phonemes: int64/],
      [corrupt, 'model-invalid', /corrupt.*download it again/],
      [path.join(d, 'missing.onnx'), 'model-missing', /does not exist/],
    ];
    for (const [modelPath, code, re] of cases) {
      const r = await speakAll(c, { text: 'あ。', assets: { modelPath, voicePath: NEZUMI_BIN } });
      assert.equal(r.outcome.status, 'error');
      if (r.outcome.status === 'error') {
        assert.equal(r.outcome.code, code);
        assert.match(r.outcome.message, re);
      }
      assert.equal(r.audio.length, 0);
    }
    const ok = await speakAll(c, { text: 'あ。', assets: { modelPath: HEAVY(), voicePath: NEZUMI_BIN } });
    assert.equal(ok.outcome.status, 'done');
    assert.equal(c.workerStarts, 1);
  } finally {
    await c.dispose();
  }
});

test('g2p through the worker', async () => {
  const c = client();
  try {
    const r = await c.g2p('かさ');
    assert.equal(r.kana, 'カサ');
    assert.equal(r.phonemes, 'kasa');
    assert.deepEqual(r.tokens, [53, 43, 61, 43]); // k a s a in Kokoro's vocabulary
  } finally {
    await c.dispose();
  }
});

test('dispose while an inference runs waits for it and ends the worker cleanly', async () => {
  const c = client();
  let audioAfterDispose = 0;
  let disposing = false;
  const h = c.speak(
    { text: 'long', assets: { modelPath: HEAVY(), voicePath: NEZUMI_BIN }, chunks: chunks(6), autoAck: true },
    {
      onStatus: (s, index) => {
        if (s === 'synthesizing' && index === 1 && !disposing) {
          disposing = true;
          void c.dispose();
        }
      },
      onAudio: () => {
        if (disposing) audioAfterDispose++;
      },
    },
  );
  assert.equal((await h.finished).status, 'cancelled');
  await c.dispose();
  assert.equal(c.running, false);
  assert.equal(audioAfterDispose, 0);
  const late = c.speak({ text: 'x', assets: { modelPath: HEAVY(), voicePath: NEZUMI_BIN } });
  const o = await late.finished;
  assert.equal(o.status, 'error');
});
