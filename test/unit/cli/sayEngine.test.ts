/**
 * `yomiage voices --engine URL` and `yomiage say … --engine URL` end to end: the bundled CLI as a child process
 * (spawned asynchronously, so this process's loopback fake engine can answer it), real WAV files.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { WaveFile } from 'wavefile';
import { DIST_CLI, requireDist, tmpDir } from '../engine/helpers';
import { FakeVoicevox, MORA_SECONDS, estimateHz, toneHz } from '../../support/fakeVoicevox';

let dir: string;
let engine: FakeVoicevox;

before(async () => {
  requireDist();
  dir = fs.mkdtempSync(path.join(tmpDir(), 'cli-engine-'));
  engine = await FakeVoicevox.start({ defaultSamplingRate: 44100 });
});
after(async () => {
  await engine.close();
});

function cli(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const c = spawn(process.execPath, [DIST_CLI, ...args], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    c.stdout.on('data', (d) => (stdout += d));
    c.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => c.kill(), 60_000);
    c.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

test('voices --engine: one JSON line per talk style', async () => {
  const r = await cli(['voices', '--engine', engine.url]);
  assert.equal(r.code, 0, r.stderr);
  const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
  assert.deepEqual(lines, [
    { id: '3', name: 'ずんだもん', style: 'ノーマル', engine: engine.url },
    { id: '1', name: 'ずんだもん', style: 'あまあま', engine: engine.url },
    { id: '2', name: '四国めたん', style: 'ノーマル', engine: engine.url },
  ]);
});

test('say --engine --out: a 24 kHz mono 16-bit WAV, the engine called once per sentence, the dictionary applied', async () => {
  fs.writeFileSync(path.join(dir, 'dict.json'), JSON.stringify({ 雨: 'あめ' }));
  const before = engine.requests.length;
  const text = '晴れ。雨が降る。';
  const r = await cli(['say', text, '--engine', engine.url, '--voice', '3', '--out', 'e.wav', '--dict', 'dict.json']);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stderr, '');
  const calls = engine.requests.slice(before);
  assert.deepEqual(calls.filter((c) => c.path === '/audio_query').map((c) => c.text), ['晴れ。', 'アメが降る。']);
  assert.equal(calls.filter((c) => c.path === '/synthesis').length, 2);
  assert.deepEqual(calls.map((c) => c.path).filter((p) => p !== '/audio_query' && p !== '/synthesis'), ['/version']);
  const w = new WaveFile(fs.readFileSync(path.join(dir, 'e.wav')));
  const fmt = w.fmt as { audioFormat: number; numChannels: number; sampleRate: number; bitsPerSample: number };
  assert.deepEqual([fmt.audioFormat, fmt.numChannels, fmt.sampleRate, fmt.bitsPerSample], [1, 1, 24000, 16]);
  const samples = Float32Array.from(w.getSamples(false, Float64Array) as unknown as Float64Array, (v) => v / 32768);
  const first = Math.round(3 * MORA_SECONDS * 24000);
  const second = Math.round(6 * MORA_SECONDS * 24000);
  assert.equal(samples.length, first + second);
  assert.ok(Math.abs(estimateHz(samples.subarray(0, first), 24000) - toneHz(3)) < 5);
  assert.ok(Math.abs(estimateHz(samples.subarray(first), 24000) - toneHz(6)) < 5);
});

test('an engine that is down: exit 1, one line naming the URL, no file', async () => {
  const down = await FakeVoicevox.start();
  const url = down.url;
  await down.close();
  const r = await cli(['say', '晴れ。', '--engine', url, '--voice', '3', '--out', 'down.wav']);
  assert.equal(r.code, 1);
  assert.equal(r.stderr, `yomiage say: no VOICEVOX-compatible engine is running at ${url} (connection refused)\n`);
  assert.ok(!fs.existsSync(path.join(dir, 'down.wav')));
  assert.deepEqual(fs.readdirSync(dir).filter((f) => f.includes('down')), []);
  const v = await cli(['voices', '--engine', url]);
  assert.equal(v.code, 1);
  assert.equal(v.stderr, `yomiage voices: no VOICEVOX-compatible engine is running at ${url} (connection refused)\n`);
});

test('an engine failing mid-reading: exit 1, the message names the URL, no file left', async () => {
  const bad = await FakeVoicevox.start({ synthesisFault: 'status-500', faultFrom: 1 });
  try {
    const r = await cli(['say', '晴れ。雨。', '--engine', bad.url, '--voice', '3', '--out', 'bad.wav']);
    assert.equal(r.code, 1);
    assert.equal(r.stderr, `yomiage say: the engine at ${bad.url} answered HTTP 500 to POST /synthesis: Internal Server Error\n`);
    assert.deepEqual(fs.readdirSync(dir).filter((f) => f.startsWith('bad')), []);
  } finally {
    await bad.close();
  }
});

test('--engine needs a style id as --voice', async () => {
  const r = await cli(['say', '晴れ。', '--engine', engine.url, '--voice', 'jf_alpha', '--out', 'x.wav']);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /--voice with --engine takes a style id/);
});
