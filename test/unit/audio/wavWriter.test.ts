/** The one WAV writer: streamed to a temporary file, header last, atomic rename; limits, modes, symlinks, stale files. */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { WaveFile } from 'wavefile';
import { removeStaleWavTempFiles, WAV_MAX_DATA_BYTES, wavHeader, WavFileWriter, WavTooLarge } from '../../../src/core/audio/wavWriter';
import { minimumWavBytes, openCheckedWavOutput } from '../../../src/core/audio/wavOutput';
import { OutputFileError } from '../../../src/core/audio/outputErrors';

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'yomiage-wavwriter-'));
after(() => fs.rmSync(root, { recursive: true, force: true }));
let n = 0;
const freshDir = () => fs.mkdtempSync(path.join(root, `d${n++}-`));
const temps = (dir: string) => fs.readdirSync(dir).filter((f) => f.endsWith('.tmp'));

/** A ramp of `count` samples from -1 to 1 (both ends included, so clipping and rounding are exercised). */
function ramp(count: number): Float32Array {
  const s = new Float32Array(count);
  for (let i = 0; i < count; i++) s[i] = -1 + (2 * i) / (count - 1);
  return s;
}

function parse(file: string) {
  const w = new WaveFile(fs.readFileSync(file));
  const fmt = w.fmt as { audioFormat: number; numChannels: number; sampleRate: number; bitsPerSample: number };
  return { fmt, samples: Array.from(w.getSamples(false, Int16Array) as unknown as Int16Array) };
}

test('audio goes to the temporary file as it is written; the header and the rename come at the end', async () => {
  const dir = freshDir();
  const out = path.join(dir, 'speech.wav');
  const w = await WavFileWriter.open(out, { sampleRate: 24000 });
  assert.equal(fs.existsSync(out), false, 'nothing at the destination before finish');
  const [tmp] = temps(dir);
  assert.match(tmp, new RegExp(`^\\.speech\\.wav\\.${process.pid}\\.\\d+\\.tmp$`));
  await w.write({ samples: ramp(1000), sampleRate: 24000 });
  assert.equal(fs.statSync(path.join(dir, tmp)).size, 44 + 2000, 'the first chunk is on disk, not held in memory');
  await w.write({ samples: new Float32Array([0, 0.5, -0.5, 2, -2]), sampleRate: 24000 });
  assert.equal(fs.statSync(path.join(dir, tmp)).size, 44 + 2010);
  await w.finish();
  assert.deepEqual(temps(dir), []);
  const { fmt, samples } = parse(out);
  assert.deepEqual([fmt.audioFormat, fmt.numChannels, fmt.sampleRate, fmt.bitsPerSample], [1, 1, 24000, 16]);
  assert.equal(samples.length, 1005);
  assert.equal(samples[0], -32768);
  assert.equal(samples[999], 32767);
  // 0.5 → 0.5 × 32767 rounded, -0.5 → -0.5 × 32768; out-of-range values are clipped
  assert.deepEqual(samples.slice(1000), [0, 16384, -16384, 32767, -32768]);
  const raw = fs.readFileSync(out);
  assert.equal(raw.readUInt32LE(4), raw.length - 8, 'RIFF size');
  assert.equal(raw.readUInt32LE(40), raw.length - 44, 'data size');
});

test('an empty speech still gives a valid WAV; abort leaves the old file as it was and no temporary file', async () => {
  const dir = freshDir();
  const out = path.join(dir, 'a.wav');
  const w0 = await WavFileWriter.open(out, { sampleRate: 24000 });
  await w0.finish();
  assert.equal(parse(out).samples.length, 0);
  const before = fs.readFileSync(out);
  const w = await WavFileWriter.open(out, { sampleRate: 24000 });
  await w.write({ samples: ramp(500), sampleRate: 24000 });
  await w.abort();
  await w.abort(); // twice is harmless
  assert.deepEqual(fs.readFileSync(out), before);
  assert.deepEqual(temps(dir), []);
  await assert.rejects(w.write({ samples: ramp(5), sampleRate: 24000 }), OutputFileError);
});

test('a chunk at another sample rate is refused and the partial file removed', async () => {
  const dir = freshDir();
  const w = await WavFileWriter.open(path.join(dir, 'r.wav'), { sampleRate: 24000 });
  await w.write({ samples: ramp(10), sampleRate: 24000 });
  await assert.rejects(w.write({ samples: ramp(10), sampleRate: 22050 }), /22050 Hz cannot join a file at 24000 Hz/);
  await assert.rejects(w.finish(), /22050 Hz/, 'finish reports the first failure');
  assert.deepEqual(fs.readdirSync(dir), []);
});

test('the 4 GiB limit: the header refuses sizes past it, the writer stops there with a sentence and leaves nothing', async () => {
  // RIFF size = 36 + data must fit in 32 bits
  const h = wavHeader(WAV_MAX_DATA_BYTES, 24000);
  assert.ok(h.readUInt32LE(4) <= 0xffffffff && h.readUInt32LE(4) === 36 + WAV_MAX_DATA_BYTES);
  assert.ok(36 + WAV_MAX_DATA_BYTES + 2 > 0xffffffff, 'the limit is the largest whole number of frames');
  assert.throws(() => wavHeader(WAV_MAX_DATA_BYTES + 2, 24000), RangeError);
  assert.throws(() => wavHeader(2 ** 32, 24000), RangeError);
  const dir = freshDir();
  const out = path.join(dir, 'big.wav');
  fs.writeFileSync(out, 'old');
  const w = await WavFileWriter.open(out, { sampleRate: 24000, maxDataBytes: 3000 });
  await w.write({ samples: ramp(1000), sampleRate: 24000 });
  await assert.rejects(w.write({ samples: ramp(1000), sampleRate: 24000 }), (e: Error) => e instanceof WavTooLarge && /longer than/.test(e.message));
  assert.deepEqual(fs.readdirSync(dir), ['big.wav']);
  assert.equal(fs.readFileSync(out, 'utf8'), 'old');
});

test('a text that surely gives more than 4 GiB is refused before anything is made; its lower bound ignores punctuation', async () => {
  assert.equal(minimumWavBytes('。'.repeat(100_000), 1, 24000), 0);
  assert.equal(minimumWavBytes('あ漢A1', 1, 24000), 4 * 0.05 * 24000 * 2);
  assert.equal(minimumWavBytes('あ漢A1', 2, 24000), 2 * 0.05 * 24000 * 2);
  const dir = freshDir();
  const out = path.join(dir, 'huge.wav');
  const text = '漢'.repeat(1_800_000); // ≥ 50 ms each: over 25 hours
  await assert.rejects(
    openCheckedWavOutput(out, { minimumBytes: minimumWavBytes(text, 1, 24000), sampleRate: 24000 }),
    (e: Error) => e instanceof WavTooLarge && /more than one WAV file can hold \(4 GiB\)/.test(e.message),
  );
  assert.deepEqual(fs.readdirSync(dir), []);
});

test('replacing a file keeps its mode; a symlink is written through and stays a symlink', async () => {
  const dir = freshDir();
  const out = path.join(dir, 'keep.wav');
  fs.writeFileSync(out, 'old');
  fs.chmodSync(out, 0o640);
  const w = await WavFileWriter.open(out);
  await w.write({ samples: ramp(10), sampleRate: 24000 });
  await w.finish();
  assert.equal(fs.statSync(out).mode & 0o777, 0o640);
  assert.equal(parse(out).samples.length, 10);

  const realDir = freshDir();
  const real = path.join(realDir, 'real.wav');
  fs.writeFileSync(real, 'old');
  const link = path.join(dir, 'link.wav');
  fs.symlinkSync(path.relative(dir, real), link);
  const w2 = await WavFileWriter.open(link);
  await w2.write({ samples: ramp(20), sampleRate: 24000 });
  await w2.finish();
  assert.ok(fs.lstatSync(link).isSymbolicLink(), 'the link is still a link');
  assert.equal(parse(real).samples.length, 20, 'its target holds the speech');
  assert.deepEqual(temps(dir), []);
  assert.deepEqual(temps(realDir), []);

  const dangling = path.join(dir, 'dangling.wav');
  fs.symlinkSync(path.join(realDir, 'new.wav'), dangling);
  const w3 = await WavFileWriter.open(dangling);
  await w3.write({ samples: ramp(30), sampleRate: 24000 });
  await w3.finish();
  assert.ok(fs.lstatSync(dangling).isSymbolicLink());
  assert.equal(parse(path.join(realDir, 'new.wav')).samples.length, 30);
});

test('the output may not be one of the inputs: same file through a symlink or a hard link is refused', async () => {
  const dir = freshDir();
  const model = path.join(dir, 'model.onnx');
  fs.writeFileSync(model, 'model bytes');
  const viaLink = path.join(dir, 'out.wav');
  fs.symlinkSync(model, viaLink);
  const hard = path.join(dir, 'hard.wav');
  fs.linkSync(model, hard);
  for (const out of [viaLink, hard]) {
    await assert.rejects(
      openCheckedWavOutput(out, { inputs: [{ file: model, what: 'the model' }], sampleRate: 24000 }),
      /will not write .*: it is the model \(.*model\.onnx\)/,
    );
  }
  assert.equal(fs.readFileSync(model, 'utf8'), 'model bytes');
  assert.deepEqual(temps(dir), []);
  const fd = fs.openSync(model, 'r');
  try {
    await assert.rejects(openCheckedWavOutput(hard, { inputFd: { fd, what: 'the text being read' }, sampleRate: 24000 }), /it is the text being read/);
  } finally {
    fs.closeSync(fd);
  }
  const other = await openCheckedWavOutput(path.join(dir, 'other.wav'), { inputs: [{ file: model, what: 'the model' }], sampleRate: 24000 });
  await other.abort();
});

test('temporary files of dead processes are removed on the next open; those of live processes and other files stay', async () => {
  const dir = freshDir();
  const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  const deadPid = Number(dead.stdout);
  assert.ok(deadPid > 0);
  const stale = `.x.wav.${deadPid}.1700000000000.tmp`;
  const staleOther = `.other.WAV.${deadPid}.1700000000001.tmp`;
  const live = `.x.wav.${process.pid}.1700000000002.tmp`;
  const notOurs = `.notes.txt.${deadPid}.1700000000003.tmp`;
  for (const f of [stale, staleOther, live, notOurs]) fs.writeFileSync(path.join(dir, f), 'partial');
  const w = await WavFileWriter.open(path.join(dir, 'x.wav'));
  await w.abort();
  assert.deepEqual(fs.readdirSync(dir).sort(), [live, notOurs].sort());
  assert.deepEqual(removeStaleWavTempFiles(dir), []);
});

test('folders that cannot be written are reported as sentences at open, before any audio', async () => {
  const dir = freshDir();
  const file = path.join(dir, 'plain');
  fs.writeFileSync(file, '');
  await assert.rejects(WavFileWriter.open(path.join(dir, 'missing', 'x.wav')), /the folder .*missing does not exist/);
  await assert.rejects(WavFileWriter.open(path.join(file, 'x.wav')), new RegExp(`${file} is a file, not a folder`));
  await assert.rejects(WavFileWriter.open(path.join(file, 'sub', 'x.wav')), new RegExp(`${file} is a file, not a folder`));
  await assert.rejects(WavFileWriter.open(dir), /it is a folder/);
});

/** A small tmpfs of our own (root only): read-only and full file systems are real there. */
function mountTmpfs(options: string): string | undefined {
  if (process.platform !== 'linux' || process.getuid?.() !== 0) return undefined;
  const dir = freshDir();
  const r = spawnSync('mount', ['-t', 'tmpfs', '-o', options, 'tmpfs', dir], { encoding: 'utf8' });
  return r.status === 0 ? dir : undefined;
}
const umount = (dir: string) => spawnSync('umount', [dir]);

test('read-only and full file systems: a sentence, no errno code, nothing left', async (t) => {
  const ro = mountTmpfs('ro,size=64k');
  if (!ro) return t.skip('mounting a tmpfs needs root on Linux');
  try {
    await assert.rejects(WavFileWriter.open(path.join(ro, 'x.wav')), (e: Error) => /is on a read-only file system$/.test(e.message) && !/EROFS/.test(e.message));
  } finally {
    umount(ro);
  }
  const small = mountTmpfs('size=64k');
  assert.ok(small);
  try {
    const out = path.join(small, 'x.wav');
    // refused before synthesis when even the lower bound does not fit
    await assert.rejects(
      openCheckedWavOutput(out, { minimumBytes: minimumWavBytes('漢'.repeat(100), 1, 24000), sampleRate: 24000 }),
      /needs at least 0\.2 MB and only 0\.\d MB is free in/,
    );
    // and a disk that fills up while writing ends in a sentence, the partial file removed
    const w = await openCheckedWavOutput(out, { minimumBytes: 1000, sampleRate: 24000 });
    let err: Error | undefined;
    for (let i = 0; i < 10 && !err; i++) await w.write({ samples: ramp(24000), sampleRate: 24000 }).catch((e: Error) => (err = e));
    assert.ok(err, 'the disk filled up');
    assert.match(err.message, /^cannot write .*x\.wav: the disk holding .* is full; free some space and try again$/);
    assert.deepEqual(fs.readdirSync(small), []);
  } finally {
    umount(small);
  }
});
