/** `yomiage say` and the developer CLI's `test-model` end to end: the bundled CLIs, the worker, real onnxruntime, real WAV files. */
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { WaveFile } from 'wavefile';
import { buildTestModel } from '../../support/testModel';
import { DEV_CLI, DIST_CLI, NEZUMI_BIN, expectedWaveform, requireDist, tmpDir, voiceRow } from '../engine/helpers';

let dir: string;
let model: string;

function cli(args: string[], input?: string, env: Record<string, string> = {}, bundle = DIST_CLI) {
  const r = spawnSync(process.execPath, [bundle, ...args], { cwd: dir, input, encoding: 'utf8', env: { ...process.env, ...env }, timeout: 120_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const devCli = (args: string[]) => cli(args, undefined, {}, DEV_CLI);

before(() => {
  requireDist();
  dir = fs.mkdtempSync(path.join(tmpDir(), 'cli-'));
  model = path.join(dir, 'test.onnx');
  const r = devCli(['test-model', model, '--cost', '200']);
  assert.equal(r.code, 0, r.stderr);
});

function readWav(file: string) {
  const w = new WaveFile(fs.readFileSync(file));
  const fmt = w.fmt as { audioFormat: number; numChannels: number; sampleRate: number; bitsPerSample: number };
  return { fmt, samples: Float64Array.from(w.getSamples(false, Float64Array) as unknown as Float64Array) };
}

test('say writes a 24 kHz mono 16-bit WAV with exactly the model output for the G2P tokens', () => {
  const text = 'こんにちは、せかい。';
  const r = cli(['say', text, '--model', model, '--voice', NEZUMI_BIN, '--out', 'x.wav']);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stderr, '');
  const { fmt, samples } = readWav(path.join(dir, 'x.wav'));
  assert.deepEqual([fmt.audioFormat, fmt.numChannels, fmt.sampleRate, fmt.bitsPerSample], [1, 1, 24000, 16]);
  const g = cli(['g2p', '--jsonl'], `${text}\n`);
  assert.equal(g.code, 0, g.stderr);
  const toks: number[] = JSON.parse(g.stdout.trim()).tokens;
  const expected = expectedWaveform([0, ...toks, 0], voiceRow(NEZUMI_BIN, toks.length - 1), 1);
  assert.equal(samples.length, expected.length);
  let worst = 0;
  for (let i = 0; i < samples.length; i++) worst = Math.max(worst, Math.abs(samples[i] / 32767 - expected[i]));
  assert.ok(worst < 2 / 32767, `max deviation ${worst}`);
  assert.deepEqual(fs.readdirSync(dir).filter((f) => f.endsWith('.tmp')), []);
});

test('say reads stdin with -, honours --speed, and the legacy/int32 model variant works', () => {
  const legacy = path.join(dir, 'legacy.onnx');
  assert.equal(devCli(['test-model', legacy, '--names', 'legacy', '--speed-type', 'int32', '--duration']).code, 0);
  const a = cli(['say', '-', '--model', legacy, '--voice', NEZUMI_BIN, '--out', 'stdin.wav', '--speed', '2'], 'かさ\n');
  assert.equal(a.code, 0, a.stderr);
  const b = cli(['say', 'かさ', '--model', model, '--voice', NEZUMI_BIN, '--out', 'arg.wav']);
  assert.equal(b.code, 0, b.stderr);
  const fast = readWav(path.join(dir, 'stdin.wav')).samples;
  const normal = readWav(path.join(dir, 'arg.wav')).samples;
  assert.equal(fast.length * 2, normal.length); // speed 2 → half as many samples per token
});

test('bad input: exit 1, one clear line, no WAV left behind', () => {
  const wrong = path.join(dir, 'wrong.onnx');
  fs.writeFileSync(wrong, buildTestModel({ inputNames: { ids: 'input_xx' } }));
  const garbageVoice = path.join(dir, 'voice.bin');
  fs.writeFileSync(garbageVoice, 'not a voice');
  const cases: Array<[string, string[], RegExp]> = [
    ['empty text', ['say', '', '--model', model, '--voice', NEZUMI_BIN], /empty/],
    ['only emoji', ['say', '😀🎉', '--model', model, '--voice', NEZUMI_BIN], /no speakable/],
    ['missing model', ['say', 'あ', '--model', path.join(dir, 'nope.onnx'), '--voice', NEZUMI_BIN], /nope\.onnx does not exist/],
    ['wrong inputs', ['say', 'あ', '--model', wrong, '--voice', NEZUMI_BIN], /input_xx.*Expected input_ids\|tokens/],
    ['unreadable voice', ['say', 'あ', '--model', model, '--voice', garbageVoice], /voice\.bin has 11 bytes/],
    ['missing voice file', ['say', 'あ', '--model', model, '--voice', path.join(dir, 'none.bin')], /none\.bin does not exist/],
    ['voice folder', ['say', 'あ', '--model', model, '--voice', dir + path.sep], /is a folder/],
  ];
  for (const [name, args, re] of cases) {
    const out = path.join(dir, `bad-${name.replace(/ /g, '-')}.wav`);
    const r = cli([...args, '--out', out]);
    assert.equal(r.code, 1, `${name}: ${r.stderr}`);
    const lines = r.stderr.trim().split('\n');
    assert.equal(lines.length, 1, `${name}: ${r.stderr}`);
    assert.match(lines[0], /^yomiage say: /);
    assert.match(lines[0], re, name);
    assert.equal(fs.existsSync(out), false, name);
  }
  assert.deepEqual(fs.readdirSync(dir).filter((f) => f.endsWith('.tmp') || f.startsWith('bad-')), []);
});

test('without --model or --voice files: the cache folder is used for voices, and what is missing is explained', () => {
  const home = fs.mkdtempSync(path.join(dir, 'home-'));
  const env = { YOMIAGE_HOME: home, YOMIAGE_MODEL: '' };
  const noModel = cli(['say', 'あ', '--out', 'h.wav'], undefined, env);
  assert.equal(noModel.code, 1);
  assert.match(noModel.stderr, /no model in .*model_quantized\.onnx.*: run 'yomiage download'.*--model/);
  // (a model in the cache is found through its verification record: test/unit/model/locate.test.ts downloads one)
  env.YOMIAGE_MODEL = model;
  const noVoice = cli(['say', 'あ', '--voice', 'jf_nezumi', '--out', 'h.wav'], undefined, env);
  assert.equal(noVoice.code, 1);
  assert.match(noVoice.stderr, /voice jf_nezumi is not downloaded.*yomiage download --voice jf_nezumi/);
  fs.copyFileSync(NEZUMI_BIN, path.join(home, 'jf_nezumi.bin'));
  const ok = cli(['say', 'あ', '--voice', 'jf_nezumi', '--out', 'h.wav'], undefined, env);
  assert.equal(ok.code, 0, ok.stderr);
  assert.equal(readWav(path.join(dir, 'h.wav')).fmt.sampleRate, 24000);
  const unknown = cli(['say', 'あ', '--voice', 'af_heart', '--out', 'h2.wav'], undefined, env);
  assert.equal(unknown.code, 1);
  assert.match(unknown.stderr, /unknown voice 'af_heart'.*jf_alpha/);
});

test('usage errors exit 2', () => {
  assert.equal(cli(['say', 'あ', '--speed', '5', '--model', model, '--voice', NEZUMI_BIN]).code, 2);
  assert.equal(cli(['say', 'あ', '--bogus']).code, 2);
  assert.equal(devCli(['test-model']).code, 2);
  assert.equal(devCli(['test-model', 'x.onnx', '--cost', 'lots']).code, 2);
  const shipped = cli(['test-model', 'x.onnx']);
  assert.equal(shipped.code, 2, 'the shipped CLI has no test-model command');
  assert.match(shipped.stderr, /unknown command 'test-model'/);
});

test('say without --out plays through the system player (PulseAudio null sink) and exits 0', () => {
  const script = path.join(__dirname, '../../../scripts/start-pulse.sh');
  const started = spawnSync('bash', [script], { encoding: 'utf8' });
  assert.equal(started.status, 0, started.stderr);
  const server = /PULSE_SERVER=(\S+)/.exec(started.stdout)?.[1];
  assert.ok(server, started.stdout);
  const r = cli(['say', 'かさ。あめ。', '--model', model, '--voice', NEZUMI_BIN, '--timings'], undefined, { PULSE_SERVER: server! });
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, /^yomiage say: first audio after \d+ ms, finished after \d+ ms\n$/);
  assert.deepEqual(fs.readdirSync(dir).filter((f) => f.endsWith('.wav') && f.startsWith('.')), []);
});
