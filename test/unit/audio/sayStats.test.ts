// `yomiage say --stats` for real: the bundled CLI reads three sentences with the generated test model through the
// system player into a PulseAudio null sink, recorded from its monitor. The recording must hold the model's audio
// with no silence longer than the model itself produced (no gap between chunks), and the stats line must agree.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { WaveFile } from 'wavefile';
import { DEV_CLI, DIST_CLI, NEZUMI_BIN, requireDist, tmpDir } from '../engine/helpers';
import { ownSink, startPulse, MonitorRecorder, loudness, longestQuiet, quietRuns, RATE } from './pulse';

const TEXT = 'こんにちは。今日はいい天気ですね。明日も晴れるでしょう。';
let sink: ReturnType<typeof ownSink> | undefined;
let dir: string;
let model: string;

before(() => {
  requireDist();
  startPulse();
  sink = ownSink();
  dir = fs.mkdtempSync(path.join(tmpDir(), 'say-stats-'));
  model = path.join(dir, 'test.onnx');
  const r = spawnSync(process.execPath, [DEV_CLI, 'test-model', model, '--cost', '200'], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
});
after(() => sink?.unload());

function run(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string; ms: number }> {
  return new Promise((resolve) => {
    const t0 = performance.now();
    const c = spawn(process.execPath, [DIST_CLI, ...args], { cwd: dir, env: process.env });
    let stdout = '';
    let stderr = '';
    c.stdout.on('data', (d) => (stdout += d));
    c.stderr.on('data', (d) => (stderr += d));
    c.on('close', (code) => resolve({ code, stdout, stderr, ms: performance.now() - t0 }));
  });
}

/** Samples of a 16-bit WAV as int16. */
function wavInt16(file: string): Int16Array {
  const w = new WaveFile(fs.readFileSync(file));
  return Int16Array.from(w.getSamples(false, Int16Array) as unknown as Int16Array);
}

test('say --stats: three sentences play gaplessly; the last stdout line is the stats object', { timeout: 120000 }, async () => {
  // What the model itself makes for this text (three chunks), and its longest quiet stretch inside the speech.
  const w = await run(['say', TEXT, '--model', model, '--voice', NEZUMI_BIN, '--out', 'ref.wav']);
  assert.equal(w.code, 0, w.stderr);
  const ref = wavInt16(path.join(dir, 'ref.wav'));
  const refLoud = loudness(ref, 300);
  assert.ok(refLoud.count > RATE * 0.5, 'the model produced audible speech');
  const refQuiet = longestQuiet(ref, refLoud.first, refLoud.last);

  const rec = new MonitorRecorder();
  await rec.ready;
  const r = await run(['say', TEXT, '--model', model, '--voice', NEZUMI_BIN, '--stats']);
  await new Promise((res) => setTimeout(res, 300));
  const audio = await rec.stop();
  assert.equal(r.code, 0, r.stderr);
  const lines = r.stdout.trim().split('\n');
  const stats = JSON.parse(lines[lines.length - 1]);
  assert.deepEqual(Object.keys(stats).sort(), ['backend', 'chunks', 'first_sound_ms', 'max_gap_ms', 'underruns']);
  assert.equal(stats.backend, process.platform === 'linux' ? 'paplay' : 'native');
  assert.equal(stats.chunks, 3, 'one chunk per sentence');
  assert.equal(stats.underruns, 0);
  assert.ok(stats.max_gap_ms <= 20, `max_gap_ms ${stats.max_gap_ms}`);
  assert.ok(stats.first_sound_ms > 0 && stats.first_sound_ms < r.ms, `first_sound_ms ${stats.first_sound_ms} of ${Math.round(r.ms)} ms`);

  // The recording: as much speech as the model made, and no silence inside it longer than the model's own (+20 ms).
  const got = loudness(audio, 300);
  assert.ok(got.first >= 0, 'something was recorded');
  const span = got.last - got.first;
  const refSpan = refLoud.last - refLoud.first;
  assert.ok(Math.abs(span - refSpan) < RATE * 0.03, `recorded speech spans ${span} samples, the model's ${refSpan}`);
  const quiet = longestQuiet(audio, got.first, got.last);
  const where = quietRuns(audio, got.first, got.last, 300, 240).map((q) => `${q.length} at +${q.at - got.first}`);
  assert.ok(quiet <= refQuiet + RATE * 0.02, `longest silence inside the recording ${quiet} samples (${where.join(', ')}), the model's own ${refQuiet}`);
});

test('say --stats with --out is refused: it measures playback', async () => {
  const r = await run(['say', 'あ', '--model', model, '--voice', NEZUMI_BIN, '--out', 'x.wav', '--stats']);
  assert.notEqual(r.code, 0);
  assert.match(r.stderr, /--stats measures playback/);
});
