/**
 * Voice blends: the spec parser's errors, the mix compared with a weighted sum computed here straight from the
 * fixture packs' bytes, the CLI's resolution of catalog ids, and the real worker speaking a blend with the test model.
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { loadVoicePack } from '../../../src/core/engine/voice';
import { BlendError, formatBlend, isBlend, mixVoicePacks, parseBlend, parseWeights } from '../../../src/core/engine/voiceBlend';
import { AssetNotFound, bundledManifest, locateVoices } from '../../../src/core/model';
import { ALPHA_BIN, NEZUMI_BIN, RawWorker, VOICES, expectedWaveform, maxAbsDiff, modelFile, tmpDir, tokens, voiceRow } from './helpers';
import type { EngineAssets, WorkerToHost } from '../../../src/core/engine/protocol';

const KUMO_BIN = path.join(VOICES, 'jm_kumo.bin');

test('a blend spec parses to voices and weights; a plain id is not a blend', () => {
  assert.equal(isBlend('jf_alpha'), false);
  assert.equal(isBlend('jf_alpha*0.6+jf_nezumi*0.4'), true);
  assert.deepEqual(parseBlend('jf_alpha*0.6+jf_nezumi*0.4'), [
    { voice: 'jf_alpha', weight: 0.6 },
    { voice: 'jf_nezumi', weight: 0.4 },
  ]);
  assert.deepEqual(parseBlend(' jf_alpha * 3 + jm_kumo '), [
    { voice: 'jf_alpha', weight: 3 },
    { voice: 'jm_kumo', weight: 1 },
  ]);
});

test('malformed blends, zero and negative weights are refused with a one-line message', () => {
  const cases: [string, RegExp][] = [
    ['jf_alpha*0.6+', /empty part/],
    ['+jf_alpha', /empty part/],
    ['jf_alpha*-1+jf_nezumi', /negative weight/],
    ['jf_alpha*0+jf_nezumi*1', /greater than 0/],
    ['jf_alpha*abc+jf_nezumi', /'abc', which is not a number/],
    ['jf_alpha*0.5*2+jf_nezumi', /is not voice\*weight/],
    ['*0.5+jf_nezumi', /is not voice\*weight/],
    ['jf_alpha*1+jf_alpha*2', /appears twice/],
  ];
  for (const [spec, re] of cases) {
    assert.throws(
      () => parseBlend(spec),
      (e: unknown) => e instanceof BlendError && re.test(e.message) && !e.message.includes('\n'),
      spec,
    );
  }
});

test('typed weights: commas, Japanese commas or spaces; the count must match and each must be a positive number', () => {
  assert.deepEqual(parseWeights('0.6, 0.4', 2), [0.6, 0.4]);
  assert.deepEqual(parseWeights(' 3 1 ', 2), [3, 1]);
  assert.deepEqual(parseWeights('1、2，.5', 3), [1, 2, 0.5]);
  const cases: [string, number, RegExp][] = [
    ['0.6', 2, /give 2 weights, one per voice \(got 1\)/],
    ['1, 2, 3', 2, /give 2 weights.*got 3/],
    ['', 2, /got 0/],
    ['0.5, -0.5', 2, /weight 2 \(-0.5\) is negative/],
    ['0, 1', 2, /weight 1 is 0; weights must be greater than 0/],
    ['abc, 1', 2, /weight 1 \('abc'\) is not a number/],
    ['1, 1e999', 2, /weight 2 \('1e999'\) is not a number/],
  ];
  for (const [input, n, re] of cases) {
    assert.throws(() => parseWeights(input, n), (e: unknown) => e instanceof BlendError && re.test(e.message), input);
  }
});

test('a blend is written with its weights scaled to add up to 1, and reads back as the same mix', () => {
  // 3 : 1 is 0.75 : 0.25; 1 : 1 : 2 is 0.25 : 0.25 : 0.5; 1 : 2 is 0.333… : 0.666…, kept to 3 decimals
  assert.equal(formatBlend([{ voice: 'jf_alpha', weight: 3 }, { voice: 'jm_kumo', weight: 1 }]), 'jf_alpha*0.75+jm_kumo*0.25');
  assert.equal(formatBlend([{ voice: 'a', weight: 1 }, { voice: 'b', weight: 1 }, { voice: 'c', weight: 2 }]), 'a*0.25+b*0.25+c*0.5');
  assert.equal(formatBlend([{ voice: 'a', weight: 1 }, { voice: 'b', weight: 2 }]), 'a*0.333+b*0.667');
  assert.equal(formatBlend([{ voice: 'a', weight: 0.6 }, { voice: 'b', weight: 0.4 }]), 'a*0.6+b*0.4');
  // a tiny share does not round to 0 (which the parser would refuse)
  assert.equal(formatBlend([{ voice: 'a', weight: 1 }, { voice: 'b', weight: 100000 }]), 'a*0.00001+b*1');
  assert.deepEqual(parseBlend(formatBlend([{ voice: 'jf_alpha', weight: 3 }, { voice: 'jm_kumo', weight: 1 }])), [
    { voice: 'jf_alpha', weight: 0.75 },
    { voice: 'jm_kumo', weight: 0.25 },
  ]);
  const bad: [Parameters<typeof formatBlend>[0], RegExp][] = [
    [[{ voice: 'a', weight: 1 }], /two or more voices/],
    [[{ voice: 'a', weight: 1 }, { voice: 'a', weight: 1 }], /appears twice/],
    [[{ voice: 'a*0.5+b', weight: 1 }, { voice: 'c', weight: 1 }], /cannot be part of a blend/],
    [[{ voice: 'a', weight: 0 }, { voice: 'b', weight: 1 }], /greater than 0/],
  ];
  for (const [parts, re] of bad) assert.throws(() => formatBlend(parts), (e: unknown) => e instanceof BlendError && re.test(e.message));
});

/** The weighted sum of two raw packs, read from their bytes here (not through the loader). */
function weightedSum(a: string, wa: number, b: string, wb: number): Float32Array {
  const x = fs.readFileSync(a);
  const y = fs.readFileSync(b);
  const out = new Float32Array(510 * 256);
  for (let i = 0; i < out.length; i++) out[i] = wa * x.readFloatLE(i * 4) + wb * y.readFloatLE(i * 4);
  return out;
}

test('the mixed pack is the weighted sum of the packs, frame by frame, with the weights scaled to add up to 1', () => {
  // 3 : 2 is 0.6 : 0.4
  const mixed = mixVoicePacks([{ pack: loadVoicePack(ALPHA_BIN), weight: 3 }, { pack: loadVoicePack(NEZUMI_BIN), weight: 2 }], 'blend');
  const want = weightedSum(ALPHA_BIN, 0.6, NEZUMI_BIN, 0.4);
  assert.equal(mixed.data.length, want.length);
  assert.ok(maxAbsDiff(mixed.data, want) < 1e-6, `max difference ${maxAbsDiff(mixed.data, want)}`);
  // and it is neither pack
  assert.ok(maxAbsDiff(mixed.data, loadVoicePack(ALPHA_BIN).data) > 1e-3);
  assert.ok(maxAbsDiff(mixed.data, loadVoicePack(NEZUMI_BIN).data) > 1e-3);
  // one frame checked against the helper that reads rows straight from the file
  const row = mixed.row(100);
  const a = voiceRow(ALPHA_BIN, 100);
  const n = voiceRow(NEZUMI_BIN, 100);
  for (let i = 0; i < 256; i++) assert.ok(Math.abs(row[i] - (0.6 * a[i] + 0.4 * n[i])) < 1e-6);
});

test('the CLI resolves the catalog ids of a blend in the cache; unknown ids and bad weights are clear errors', () => {
  const manifest = bundledManifest();
  const dest = path.join(tmpDir(), 'blend-cache');
  fs.mkdirSync(dest, { recursive: true });
  for (const id of ['jf_alpha', 'jf_nezumi']) fs.copyFileSync(path.join(VOICES, `${id}.bin`), path.join(dest, manifest.voices[id].file));
  const got = locateVoices('jf_alpha*0.6+jf_nezumi*0.4', { manifest, dest });
  assert.deepEqual(got.voiceMix, [
    { path: path.join(dest, manifest.voices.jf_alpha.file), weight: 0.6 },
    { path: path.join(dest, manifest.voices.jf_nezumi.file), weight: 0.4 },
  ]);
  assert.equal(got.voicePath, got.voiceMix![0].path);
  assert.deepEqual(locateVoices('jf_alpha', { manifest, dest }), { voicePath: path.join(dest, manifest.voices.jf_alpha.file) });
  const refuses = (spec: string, re: RegExp) =>
    assert.throws(() => locateVoices(spec, { manifest, dest }), (e: unknown) => e instanceof AssetNotFound && re.test(e.message), spec);
  refuses('jf_alpha*0.5+jf_nobody*0.5', /unknown voice 'jf_nobody'; valid voices: jf_alpha/);
  refuses('jf_alpha*-0.5+jf_nezumi', /negative weight/);
  refuses('jf_alpha*0+jf_nezumi', /greater than 0/);
  refuses('jf_alpha*0.5+jm_kumo*0.5', /voice jm_kumo is not downloaded/);
});

let w: RawWorker | undefined;
after(async () => {
  await w?.close();
});

test('the real worker speaks a blend: its audio is the test model run on the mixed style, unlike either pure voice', async () => {
  w = new RawWorker();
  const model = modelFile({});
  const ids = tokens(12);
  const speak = async (id: number, voice: Partial<EngineAssets>): Promise<Float32Array> => {
    w!.post({ type: 'speak', id, text: 'x', assets: { modelPath: model, voicePath: '', ...voice }, speed: 1, chunks: [{ text: 'x', start: 0, end: 1, tokens: ids }] });
    const end = await w!.next((m) => (m.type === 'done' || m.type === 'error') && m.id === id);
    assert.equal(end.type, 'done', JSON.stringify(end));
    const audio = w!.of('audio', id) as Extract<WorkerToHost, { type: 'audio' }>[];
    return audio[0].samples;
  };
  const alpha = await speak(1, { voicePath: ALPHA_BIN });
  const kumo = await speak(2, { voicePath: KUMO_BIN });
  const blend = await speak(3, { voicePath: ALPHA_BIN, voiceMix: [{ path: ALPHA_BIN, weight: 1 }, { path: KUMO_BIN, weight: 3 }] });
  const frame = ids.length - 1;
  const a = voiceRow(ALPHA_BIN, frame);
  const k = voiceRow(KUMO_BIN, frame);
  const mixedRow = a.map((v, i) => 0.25 * v + 0.75 * k[i]);
  assert.ok(maxAbsDiff(blend, expectedWaveform([0, ...ids, 0], mixedRow, 1)) < 1e-4);
  assert.ok(maxAbsDiff(blend, alpha) > 1e-3, `blend vs alpha ${maxAbsDiff(blend, alpha)}`);
  assert.ok(maxAbsDiff(blend, kumo) > 1e-3, `blend vs kumo ${maxAbsDiff(blend, kumo)}`);
  // a missing pack in a mix is the usual voice error, and the worker goes on
  w.post({ type: 'speak', id: 4, text: 'x', assets: { modelPath: model, voicePath: ALPHA_BIN, voiceMix: [{ path: ALPHA_BIN, weight: 1 }, { path: '/nonexistent/v.bin', weight: 1 }] }, speed: 1, chunks: [{ text: 'x', start: 0, end: 1, tokens: ids }] });
  const err = await w.next((m) => m.type === 'error' && m.id === 4);
  assert.match((err as { message: string }).message, /does not exist/);
  assert.ok(maxAbsDiff(await speak(5, { voicePath: ALPHA_BIN }), alpha) === 0);
});
