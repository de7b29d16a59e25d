/**
 * `say --out F.wav --marks F.json`: word times in the WAV's timeline, with the generated test model with and without
 * its `duration` output. The test model gives every framed id L = 1800 samples (75 ms at 24 kHz, speed 1).
 * Expected values are worked out by hand below from the phonemes of the two sentences:
 *   今日は晴れ。 → kʲoː βa haɾe.   tokens: キョー [0,4) ワ [5,7) ハレ [8,12), 13 tokens, 15 framed ids = 1125 ms
 *   明日は雨。   → aɕita βa ame.   tokens: アシタ [0,5) ワ [6,8) アメ [9,12), 13 tokens, 1125 ms, after the first
 * duration: a word of tokens [a,b) runs from (a+1)·75 to (b+1)·75 ms (token t is framed id t+1);
 * estimate: from a/13 to b/13 of the chunk's 1125 ms.
 */
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { DEV_CLI, DIST_CLI, NEZUMI_BIN, requireDist, tmpDir } from '../engine/helpers';

let dir: string;
const TEXT = '今日は晴れ。明日は雨。';

function run(bundle: string, args: string[]) {
  const r = spawnSync(process.execPath, [bundle, ...args], { cwd: dir, encoding: 'utf8', timeout: 120_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

before(() => {
  requireDist();
  dir = fs.mkdtempSync(path.join(tmpDir(), 'marks-'));
  assert.equal(run(DEV_CLI, ['test-model', 'plain.onnx']).code, 0);
  assert.equal(run(DEV_CLI, ['test-model', 'dur.onnx', '--duration']).code, 0);
});

const WORDS: [string, string, number, number][] = [
  ['今日', 'キョー', 0, 2],
  ['は', 'ワ', 2, 3],
  ['晴れ', 'ハレ', 3, 5],
  ['明日', 'アシタ', 6, 8],
  ['は', 'ワ', 8, 9],
  ['雨', 'アメ', 9, 10],
];
/** Token ranges of each word in its own chunk, and the chunk's start in ms. */
const TOKENS: [number, number, number][] = [
  [0, 4, 0],
  [5, 7, 0],
  [8, 12, 0],
  [0, 5, 1125],
  [6, 8, 1125],
  [9, 12, 1125],
];

function marks(model: string, name: string) {
  const r = run(DIST_CLI, ['say', TEXT, '--model', model, '--voice', NEZUMI_BIN, '--out', `${name}.wav`, '--marks', `${name}.json`]);
  assert.equal(r.code, 0, r.stderr);
  const list = JSON.parse(fs.readFileSync(path.join(dir, `${name}.json`), 'utf8')) as Record<string, unknown>[];
  assert.deepEqual(
    list.map((m) => [m.surface, m.reading, m.start, m.end]),
    WORDS,
  );
  for (const m of list) assert.equal(TEXT.slice(m.start as number, m.end as number), m.surface);
  return { list, stderr: r.stderr };
}

const close = (a: unknown, b: number, what: string) => assert.ok(Math.abs((a as number) - b) <= 0.05, `${what}: ${a} vs ${b}`);

test('with the duration output: times from the predicted durations, on the WAV timeline', () => {
  const { list, stderr } = marks('dur.onnx', 'dur');
  list.forEach((m, i) => {
    const [a, b, at] = TOKENS[i];
    close(m.startMs, at + (a + 1) * 75, `${m.surface} start`);
    close(m.endMs, at + (b + 1) * 75, `${m.surface} end`);
    assert.equal(m.source, 'duration');
  });
  assert.match(stderr, /word times from the model duration output/);
  // the WAV holds the two chunks: 2 × 1125 ms
  assert.equal(fs.statSync(path.join(dir, 'dur.wav')).size, 44 + 2 * 15 * 1800 * 2);
});

test('without it: times estimated from each word\'s share of the phoneme tokens', () => {
  const { list, stderr } = marks('plain.onnx', 'plain');
  list.forEach((m, i) => {
    const [a, b, at] = TOKENS[i];
    close(m.startMs, at + (a / 13) * 1125, `${m.surface} start`);
    close(m.endMs, at + (b / 13) * 1125, `${m.surface} end`);
    assert.equal(m.source, 'estimate');
  });
  assert.match(stderr, /estimated from phoneme token shares/);
});

test('--marks needs --out and a .json name; a failed reading leaves no marks file', () => {
  const noOut = run(DIST_CLI, ['say', TEXT, '--model', 'plain.onnx', '--voice', NEZUMI_BIN, '--marks', 'm.json']);
  assert.equal(noOut.code, 2);
  assert.match(noOut.stderr, /--marks gives the word times of the WAV written with --out/);
  const notJson = run(DIST_CLI, ['say', TEXT, '--model', 'plain.onnx', '--voice', NEZUMI_BIN, '--out', 'a.wav', '--marks', 'm.txt']);
  assert.equal(notJson.code, 2);
  assert.match(notJson.stderr, /ending in \.json/);
  const noDir = run(DIST_CLI, ['say', TEXT, '--model', 'plain.onnx', '--voice', NEZUMI_BIN, '--out', 'b.wav', '--marks', 'nowhere/m.json']);
  assert.equal(noDir.code, 1);
  assert.match(noDir.stderr, /the folder .*nowhere does not exist/);
  assert.equal(fs.existsSync(path.join(dir, 'b.wav')), false);
  const badVoice = run(DIST_CLI, ['say', TEXT, '--model', 'plain.onnx', '--voice', path.join(dir, 'plain.onnx'), '--out', 'c.wav', '--marks', 'c.json']);
  assert.equal(badVoice.code, 1);
  assert.equal(fs.existsSync(path.join(dir, 'c.json')), false);
  assert.deepEqual(fs.readdirSync(dir).filter((f) => f.endsWith('.tmp')), []);
});
