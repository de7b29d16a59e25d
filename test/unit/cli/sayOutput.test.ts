/**
 * `yomiage say --out` against careless and hostile use, end to end (bundled CLI, worker, real onnxruntime, real
 * files): streamed output, inputs never overwritten, checks before synthesis, signals, stale temporary files,
 * standard output, and nothing written outside the output (onnxruntime's usage data).
 */
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { WaveFile } from 'wavefile';
import { DIST_CLI, NEZUMI_BIN, modelFile, requireDist, tmpDir } from '../engine/helpers';

let dir: string;
let model: string;
let slowModel: string;

function cli(args: string[], input?: string, env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, [DIST_CLI, ...args], { cwd: dir, input, encoding: 'utf8', env: { ...process.env, ...env }, timeout: 120_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function samplesOf(file: string): number {
  const w = new WaveFile(fs.readFileSync(file));
  return (w.getSamples(false, Int16Array) as unknown as Int16Array).length;
}

const temps = (d: string) => fs.readdirSync(d).filter((f) => f.endsWith('.tmp'));
const SENTENCES = (n: number) => 'かさをさす。'.repeat(n);

before(() => {
  requireDist();
  dir = fs.mkdtempSync(path.join(tmpDir(), 'say-out-'));
  model = modelFile();
  slowModel = modelFile({ cost: 3000 });
});

/** Starts `say` in the background; resolves when it exits. */
function start(args: string[], input: string) {
  const child = spawn(process.execPath, [DIST_CLI, ...args], { cwd: dir, stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  child.stdin.end(input);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal, stderr })),
  );
  return { child, exited };
}

/** Polls `d` until a temporary file of `name` exists with more than `minBytes`, while the process still runs. */
async function waitForTemp(d: string, name: string, minBytes: number, running: () => boolean): Promise<string> {
  for (let i = 0; i < 3000 && running(); i++) {
    const t = temps(d).find((f) => f.startsWith(`.${name}.`));
    if (t) {
      try {
        if (fs.statSync(path.join(d, t)).size > minBytes) return t;
      } catch {
        /* renamed meanwhile */
      }
    }
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`no temporary file of ${name} over ${minBytes} bytes appeared while say ran`);
}

test('the audio is streamed to the temporary file while it is made (not held until the end)', async () => {
  const out = path.join(dir, 'stream.wav');
  const run = start(['say', '-', '--model', slowModel, '--voice', NEZUMI_BIN, '--out', out], SENTENCES(20));
  const running = () => run.child.exitCode === null && run.child.signalCode === null;
  const seen: number[] = [];
  const tmp = await waitForTemp(dir, 'stream.wav', 44, running);
  while (running()) {
    try {
      seen.push(fs.statSync(path.join(dir, tmp)).size);
    } catch {
      break; // renamed into place
    }
    await new Promise((r) => setTimeout(r, 20));
  }
  const r = await run.exited;
  assert.equal(r.code, 0, r.stderr);
  const finalBytes = fs.statSync(out).size;
  const partial = [...new Set(seen)].filter((s) => s > 44 && s < finalBytes);
  assert.ok(partial.length >= 2, `the temporary file grew in steps while say ran (sizes seen ${[...new Set(seen)].slice(0, 8)}…, final ${finalBytes})`);
  assert.equal(samplesOf(out) * 2 + 44, finalBytes);
  assert.deepEqual(temps(dir), []);
});

test('--out that is the model, the voice pack, the dictionary or the text file is refused, through symlinks', () => {
  const modelCopy = path.join(dir, 'inputs-model.onnx');
  fs.copyFileSync(model, modelCopy);
  const voiceCopy = path.join(dir, 'inputs-voice.bin');
  fs.copyFileSync(NEZUMI_BIN, voiceCopy);
  const dict = path.join(dir, 'inputs-dict.json');
  fs.writeFileSync(dict, JSON.stringify({ 傘: 'かさ' }));
  const textFile = path.join(dir, 'inputs-text.txt');
  fs.writeFileSync(textFile, 'かさ。\n');
  const cases: Array<[string, string, RegExp]> = [
    ['to-model.wav', modelCopy, /it is the model/],
    ['to-voice.wav', voiceCopy, /it is the voice pack/],
    ['to-dict.wav', dict, /it is the dictionary/],
    ['to-text.wav', textFile, /it is the text being read \(standard input\)/],
  ];
  for (const [link, target, re] of cases) {
    fs.symlinkSync(target, path.join(dir, link));
    const before = fs.readFileSync(target);
    const r = spawnSync(
      'sh',
      ['-c', `"${process.execPath}" "${DIST_CLI}" say - --model "${modelCopy}" --voice "${voiceCopy}" --dict "${dict}" --out ${link} < "${textFile}"`],
      { cwd: dir, encoding: 'utf8' },
    );
    assert.equal(r.status, 1, `${link}: ${r.stderr}`);
    assert.match(r.stderr, new RegExp(`^yomiage say: will not write .*${link}: ${re.source}`), link);
    assert.deepEqual(fs.readFileSync(target), before, `${target} is unchanged`);
    assert.ok(fs.lstatSync(path.join(dir, link)).isSymbolicLink());
  }
  assert.deepEqual(temps(dir), []);
});

test('replacing a WAV keeps its mode, and a symlink output is written through', () => {
  const out = path.join(dir, 'mode.wav');
  fs.writeFileSync(out, 'old');
  fs.chmodSync(out, 0o600);
  assert.equal(cli(['say', 'かさ', '--model', model, '--voice', NEZUMI_BIN, '--out', out]).code, 0);
  assert.equal(fs.statSync(out).mode & 0o777, 0o600);
  const link = path.join(dir, 'mode-link.wav');
  fs.symlinkSync('mode.wav', link);
  const r = cli(['say', 'かさをさす', '--model', model, '--voice', NEZUMI_BIN, '--out', link]);
  assert.equal(r.code, 0, r.stderr);
  assert.ok(fs.lstatSync(link).isSymbolicLink());
  assert.ok(samplesOf(out) > 0);
});

test('--out: empty is a usage error, - writes the WAV to stdout, other extensions are refused, a file parent is named', () => {
  const empty = cli(['say', 'かさ', '--model', model, '--voice', NEZUMI_BIN, '--out', '']);
  assert.equal(empty.code, 2);
  assert.match(empty.stderr, /--out needs a file name/);
  const mp3 = cli(['say', 'かさ', '--model', model, '--voice', NEZUMI_BIN, '--out', 'x.mp3']);
  assert.equal(mp3.code, 2);
  assert.match(mp3.stderr, /--out writes WAV audio only: give a file name ending in \.wav, not 'x\.mp3'/);
  assert.equal(fs.existsSync(path.join(dir, 'x.mp3')), false);

  assert.equal(cli(['say', 'かさをさす', '--model', model, '--voice', NEZUMI_BIN, '--out', 'ref.wav']).code, 0);
  const r = spawnSync(process.execPath, [DIST_CLI, 'say', 'かさをさす', '--model', model, '--voice', NEZUMI_BIN, '--out', '-'], { cwd: dir });
  assert.equal(r.status, 0, r.stderr.toString());
  assert.deepEqual(r.stdout, fs.readFileSync(path.join(dir, 'ref.wav')), 'stdout carries the same WAV as the file');
  assert.equal(fs.existsSync(path.join(dir, '-')), false);

  const plain = path.join(dir, 'plain-file');
  fs.writeFileSync(plain, '');
  const parent = cli(['say', 'かさ', '--model', model, '--voice', NEZUMI_BIN, '--out', path.join(plain, 'x.wav')]);
  assert.equal(parent.code, 1);
  assert.match(parent.stderr, new RegExp(`${plain} is a file, not a folder`));
});

test('SIGINT or SIGTERM while writing: the temporary file is removed, the old file kept, the signal ends say', async () => {
  for (const sig of ['SIGINT', 'SIGTERM'] as const) {
    const out = path.join(dir, `sig-${sig}.wav`);
    fs.writeFileSync(out, 'old');
    const run = start(['say', '-', '--model', slowModel, '--voice', NEZUMI_BIN, '--out', out], SENTENCES(200));
    await waitForTemp(dir, `sig-${sig}.wav`, 44, () => run.child.exitCode === null);
    run.child.kill(sig);
    const r = await run.exited;
    assert.equal(r.signal, sig, `${sig}: ${r.stderr}`); // a shell shows 128 + n
    assert.match(r.stderr, /interrupted; nothing was written/);
    assert.equal(fs.readFileSync(out, 'utf8'), 'old');
    assert.deepEqual(temps(dir), [], sig);
  }
});

test('a killed run leaves a temporary file that the next run removes', async () => {
  const out = path.join(dir, 'killed.wav');
  const run = start(['say', '-', '--model', slowModel, '--voice', NEZUMI_BIN, '--out', out], SENTENCES(200));
  await waitForTemp(dir, 'killed.wav', 44, () => run.child.exitCode === null);
  run.child.kill('SIGKILL');
  await run.exited;
  assert.equal(temps(dir).length, 1, 'SIGKILL cannot be caught: the file stays for now');
  const r = cli(['say', 'かさ', '--model', model, '--voice', NEZUMI_BIN, '--out', out]);
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(temps(dir), []);
});

test('a text that cannot fit in a WAV (4 GiB) is refused before synthesis', () => {
  const out = path.join(dir, 'huge.wav');
  const r = cli(['say', '-', '--model', slowModel, '--voice', NEZUMI_BIN, '--out', out], '漢'.repeat(1_800_000));
  assert.equal(r.code, 1, r.stderr);
  assert.match(r.stderr, /^yomiage say: cannot write .*huge\.wav: the text would give more than 24\.9 hours of speech, more than one WAV file can hold \(4 GiB\); split it into parts\n$/);
  assert.equal(fs.existsSync(out), false);
  assert.deepEqual(temps(dir), []);
});

test('a read-only folder is reported as a sentence before synthesis', async (t) => {
  if (process.platform !== 'linux' || process.getuid?.() !== 0) return t.skip('mounting a tmpfs needs root on Linux');
  const ro = fs.mkdtempSync(path.join(dir, 'ro-'));
  if (spawnSync('mount', ['-t', 'tmpfs', '-o', 'ro,size=64k', 'tmpfs', ro]).status !== 0) return t.skip('mount not permitted here');
  try {
    const r = cli(['say', SENTENCES(50), '--model', slowModel, '--voice', NEZUMI_BIN, '--out', path.join(ro, 'x.wav'), '--timings']);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /^yomiage say: cannot write .*x\.wav: the folder .* is on a read-only file system\n$/, 'no synthesis (no timings line), no errno code');
  } finally {
    spawnSync('umount', [ro]);
  }
});

test('a run writes nothing outside its output: onnxruntime usage data is off (HOME and TMPDIR stay empty)', () => {
  const home = fs.mkdtempSync(path.join(dir, 'home-'));
  const tmp = fs.mkdtempSync(path.join(dir, 'tmp-'));
  const env = { HOME: home, TMPDIR: tmp, XDG_CACHE_HOME: '', YOMIAGE_HOME: path.join(home, 'yomiage') };
  const r = cli(['say', 'かさ', '--model', model, '--voice', NEZUMI_BIN, '--out', 'private.wav'], undefined, env);
  assert.equal(r.code, 0, r.stderr);
  const s = spawnSync(process.execPath, [DIST_CLI, 'say', 'かさ', '--model', model, '--voice', NEZUMI_BIN, '--out', '-'], { cwd: dir, env: { ...process.env, ...env } });
  assert.equal(s.status, 0, s.stderr.toString());
  const all = (d: string): string[] => fs.readdirSync(d, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? [e.name + '/', ...all(path.join(d, e.name)).map((x) => `${e.name}/${x}`)] : [e.name]));
  assert.deepEqual(all(home), []);
  assert.deepEqual(all(tmp), []);
});
