/**
 * The worker protocol with a real worker thread (dist/worker.js), real onnxruntime-node and the generated model
 * with the cost knob, spoken to in raw messages so that everything the worker sends is visible.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { PreparedChunk, WorkerToHost } from '../../../src/core/engine/protocol';
import { NEZUMI_BIN, RawWorker, expectedWaveform, maxAbsDiff, meanAbs, modelFile, requireDist, tokens, voiceRow } from './helpers';

type Audio = Extract<WorkerToHost, { type: 'audio' }>;

let w: RawWorker;
let nextId = 1;
// ~40 tokens per chunk × 1500 layers: each run takes a noticeable time, like a Kokoro sentence on a CPU
const HEAVY = () => modelFile({ cost: 1500 });
const assets = () => ({ modelPath: HEAVY(), voicePath: NEZUMI_BIN });

function prepared(count: number, len = 40): PreparedChunk[] {
  return Array.from({ length: count }, (_, i) => ({ text: `chunk${i}`, start: i * 10, end: i * 10 + 6, tokens: tokens(len + i, i) }));
}

/**
 * Waits until everything the worker was doing before is over: requests are handled one after another, so once a
 * new one-token request is done, anything an earlier (cancelled) request could still send would already be here.
 */
async function drain(): Promise<number> {
  const id = nextId++;
  w.post({ type: 'speak', id, text: 'drain', assets: assets(), speed: 1, chunks: [{ text: 'd', start: 0, end: 1, tokens: [43] }] });
  w.post({ type: 'played', id, index: 0 });
  await w.next((m) => (m.type === 'done' || m.type === 'error') && m.id === id);
  return (await w.settle()).runs!;
}

before(() => {
  requireDist();
  w = new RawWorker();
});
after(async () => {
  await w.close();
});

test('two utterances of different length use different voice frames (seen in the audio)', async () => {
  for (const n of [5, 30]) {
    const id = nextId++;
    const ids = tokens(n);
    w.post({ type: 'speak', id, text: 'x', assets: assets(), speed: 1, chunks: [{ text: 'x', start: 0, end: 1, tokens: ids }] });
    await w.next((m) => m.type === 'done' && m.id === id);
    const [a] = w.of('audio', id);
    // the test model's first sample is mean|style row|: it must be row n-1 of the voice pack
    const row = voiceRow(NEZUMI_BIN, n - 1);
    assert.ok(Math.abs(a.samples[0] - meanAbs(row)) < 1e-6, `n=${n}: ${a.samples[0]} vs ${meanAbs(row)}`);
    assert.ok(maxAbsDiff(a.samples, expectedWaveform([0, ...ids, 0], row, 1)) < 1e-4);
    assert.equal(a.voiceFrame, n - 1);
    assert.equal(a.sampleRate, 24000);
  }
  // and the two rows really give different audio
  assert.ok(Math.abs(meanAbs(voiceRow(NEZUMI_BIN, 4)) - meanAbs(voiceRow(NEZUMI_BIN, 29))) > 1e-3);
});

test('Japanese text: plan with offsets, chunks in order, audio made from the G2P tokens', async () => {
  const text = 'あさです。ひるです。\nよるになりました！ねましょう。';
  const id = nextId++;
  const from = w.messages.length;
  w.post({ type: 'speak', id, text, assets: assets(), speed: 1 });
  const first = (await w.next((m) => m.type === 'plan' && m.id === id, from)) as Extract<WorkerToHost, { type: 'plan' }>;
  for (let i = 0; i < 4; i++) w.post({ type: 'played', id, index: i });
  const done = await w.next((m) => (m.type === 'done' || m.type === 'error') && m.id === id, from);
  assert.equal(done.type, 'done', JSON.stringify(done));
  // the first plan covers only the start of the text (so synthesis starts at once); the final one has everything
  assert.equal(first.partial, true);
  assert.deepEqual(first.chunks.map((c) => c.text), ['あさです。', 'ひるです。']);
  const plans = w.of('plan', id);
  const plan = plans[plans.length - 1];
  assert.equal(plan.partial, false);
  assert.deepEqual(
    plan.chunks.map((c) => c.text),
    ['あさです。', 'ひるです。', 'よるになりました！', 'ねましょう。'],
  );
  assert.deepEqual(plan.chunks.map((c) => c.index), [0, 1, 2, 3]);
  // the full plan is known before the last chunk is delivered
  const planAt = w.messages.indexOf(plan);
  const lastAudioAt = w.messages.findIndex((m) => m.type === 'audio' && m.id === id && m.chunk.index === 3);
  assert.ok(planAt < lastAudioAt);
  // and the first chunk was synthesised before the rest of the text went through G2P
  const firstAudioAt = w.messages.findIndex((m) => m.type === 'audio' && m.id === id && m.chunk.index === 0);
  assert.ok(firstAudioAt < planAt);
  for (const c of plan.chunks) assert.equal(text.slice(c.start, c.end), c.text);
  const audio = w.of('audio', id);
  assert.deepEqual(audio.map((a) => a.chunk.index), [0, 1, 2, 3]);
  assert.deepEqual(audio.map((a) => a.chunk), plan.chunks);
  // each chunk's audio is exactly what the model makes of that chunk's G2P tokens with frame n-1
  for (const a of audio) {
    const gid = nextId++;
    w.post({ type: 'g2p', id: gid, text: a.chunk.text });
    const g = (await w.next((m) => m.type === 'g2p' && m.id === gid)) as Extract<WorkerToHost, { type: 'g2p' }>;
    assert.equal(a.tokenCount, g.result.tokens.length);
    const row = voiceRow(NEZUMI_BIN, g.result.tokens.length - 1);
    assert.ok(maxAbsDiff(a.samples, expectedWaveform([0, ...g.result.tokens, 0], row, 1)) < 1e-4, a.chunk.text);
  }
});

test('a one-sentence text gets one complete plan', async () => {
  const id = nextId++;
  w.post({ type: 'speak', id, text: '  あめです。 ', assets: assets(), speed: 1 });
  await w.next((m) => m.type === 'done' && m.id === id);
  const plans = w.of('plan', id);
  assert.equal(plans.length, 1);
  assert.equal(plans[0].partial, false);
  assert.deepEqual(plans[0].chunks, [{ index: 0, start: 2, end: 7, text: 'あめです。' }]);
});

test('streaming with a bounded queue: the first chunk comes before the rest is synthesised', async () => {
  const id = nextId++;
  const chunks = prepared(6);
  w.post({ type: 'configure', maxQueuedChunks: 2 });
  w.post({ type: 'speak', id, text: 'long', assets: assets(), speed: 1, chunks });
  await w.next((m) => m.type === 'audio' && m.id === id && m.chunk.index === 0);
  await w.next((m) => m.type === 'audio' && m.id === id && m.chunk.index === 1);
  const before = (await w.settle()).runs!;
  // nothing is played yet, so the worker holds at two synthesised chunks and waits
  assert.equal(w.of('audio', id).length, 2);
  w.post({ type: 'played', id, index: 0 });
  await w.next((m) => m.type === 'audio' && m.id === id && m.chunk.index === 2);
  const s = await w.settle();
  assert.equal(s.runs! - before, 1);
  assert.equal(w.of('audio', id).length, 3);
  assert.equal(w.of('done', id).length, 0);
  for (let i = 1; i < 6; i++) w.post({ type: 'played', id, index: i });
  await w.next((m) => m.type === 'done' && m.id === id);
  assert.deepEqual(w.of('audio', id).map((a) => a.chunk.index), [0, 1, 2, 3, 4, 5]);
});

test('cancel while an inference runs: its result is dropped and nothing more arrives', async () => {
  const id = nextId++;
  const start = await drain();
  // chunk 1 is long (300 tokens, several times a sentence's run) so that the cancel surely lands during its run
  const chunks = prepared(6);
  chunks[1] = { ...chunks[1], tokens: tokens(300, 1) };
  w.post({ type: 'speak', id, text: 'long', assets: assets(), speed: 1, chunks });
  await w.next((m) => m.type === 'audio' && m.id === id && m.chunk.index === 0);
  w.post({ type: 'played', id, index: 0 });
  // 'synthesizing' for chunk 1 is posted right before its session.run starts
  await w.next((m) => m.type === 'status' && m.id === id && m.state === 'synthesizing' && m.index === 1);
  w.post({ type: 'cancel', id });
  const end = await drain();
  assert.equal(end - start, 3, 'chunk 0, chunk 1 (abandoned) and the drain request ran; nothing after the cancel');
  assert.deepEqual(w.of('audio', id).map((a) => a.chunk.index), [0]);
  assert.equal(w.of('done', id).length, 0);
  assert.equal(w.of('error', id).length, 0);
});

test('a new speak while reading replaces the old one', async () => {
  const a = nextId++;
  const b = nextId++;
  w.post({ type: 'speak', id: a, text: 'first', assets: assets(), speed: 1, chunks: prepared(6) });
  await w.next((m) => m.type === 'status' && m.id === a && m.state === 'synthesizing' && m.index === 1);
  const bChunks: PreparedChunk[] = [
    { text: 'b0', start: 0, end: 2, tokens: tokens(7, 3) },
    { text: 'b1', start: 3, end: 5, tokens: tokens(12, 5) },
  ];
  w.post({ type: 'speak', id: b, text: 'second', assets: assets(), speed: 1.5, chunks: bChunks });
  w.post({ type: 'played', id: b, index: 0 });
  await w.next((m) => m.type === 'done' && m.id === b);
  await drain();
  // chunk 1 of the old request was being synthesised when it was replaced: it is dropped, not delivered late
  assert.deepEqual(w.of('audio', a).map((m) => m.chunk.index), [0]);
  assert.equal(w.of('done', a).length, 0);
  const audioB: Audio[] = w.of('audio', b);
  assert.deepEqual(audioB.map((m) => m.chunk.index), [0, 1]);
  bChunks.forEach((c, i) => {
    const row = voiceRow(NEZUMI_BIN, c.tokens.length - 1);
    assert.ok(maxAbsDiff(audioB[i].samples, expectedWaveform([0, ...c.tokens, 0], row, 1.5)) < 1e-4);
  });
});

test('a speed change applies from the next synthesised chunk on', async () => {
  const id = nextId++;
  const chunks = prepared(3, 20);
  w.post({ type: 'configure', maxQueuedChunks: 1 });
  w.post({ type: 'speak', id, text: 'speed', assets: assets(), speed: 1, chunks });
  await w.next((m) => m.type === 'audio' && m.id === id && m.chunk.index === 0);
  // chunk 0 is synthesised at 1.0 and the worker waits for it to be played; the new speed comes now
  w.post({ type: 'speed', id, speed: 2 });
  for (let i = 0; i < 3; i++) w.post({ type: 'played', id, index: i });
  await w.next((m) => m.type === 'done' && m.id === id);
  w.post({ type: 'configure', maxQueuedChunks: 2 });
  const audio: Audio[] = w.of('audio', id);
  assert.deepEqual(audio.map((a) => a.chunk.index), [0, 1, 2]);
  const speeds = [1, 2, 2];
  audio.forEach((a, i) => {
    const ids = chunks[i].tokens;
    const row = voiceRow(NEZUMI_BIN, ids.length - 1);
    assert.ok(maxAbsDiff(a.samples, expectedWaveform([0, ...ids, 0], row, speeds[i])) < 1e-4, `chunk ${i} at speed ${speeds[i]}`);
  });
  // at double speed the test model makes half as many samples per token
  assert.ok(audio[1].samples.length < audio[0].samples.length * 0.6);
});

test('bad requests answer with a coded error and the worker keeps working', async () => {
  const cases: Array<[string, Record<string, unknown>, string, RegExp]> = [
    ['empty', { text: '  \n', assets: assets() }, 'empty-text', /empty/],
    ['emoji', { text: '😀🎉', assets: assets() }, 'empty-text', /no speakable/],
    ['no model', { text: 'あ', assets: { modelPath: '/nonexistent/model.onnx', voicePath: NEZUMI_BIN } }, 'model-missing', /does not exist/],
    ['bad voice', { text: 'あ', assets: { modelPath: HEAVY(), voicePath: HEAVY() } }, 'voice-invalid', /bytes/],
  ];
  for (const [name, req, code, re] of cases) {
    const id = nextId++;
    w.post({ type: 'speak', id, speed: 1, ...(req as { text: string; assets: { modelPath: string; voicePath: string } }) });
    const m = await w.next((x) => (x.type === 'error' || x.type === 'done') && 'id' in x && x.id === id);
    assert.equal(m.type, 'error', name);
    assert.equal((m as { code: string }).code, code, name);
    assert.match((m as { message: string }).message, re, name);
    assert.equal(w.of('audio', id).length, 0);
  }
  const id = nextId++;
  w.post({ type: 'speak', id, text: 'あ。', assets: assets(), speed: 1 });
  const ok = await w.next((x) => (x.type === 'error' || x.type === 'done') && 'id' in x && x.id === id);
  assert.equal(ok.type, 'done');
});
