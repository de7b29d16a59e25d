/** Reading an engine's WAV answer (wavRead.ts) and bringing it to 24 kHz (resample.ts). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readWav, WavFormatError } from '../../../src/core/audio/wavRead';
import { resample } from '../../../src/core/audio/resample';
import { estimateHz, toneWav } from '../../support/fakeVoicevox';

test('16-bit stereo at 44.1 kHz: averaged to mono, rate kept, values scaled to [-1, 1)', () => {
  const w = readWav(toneWav(441, 0.5, 44100, 2));
  assert.equal(w.sampleRate, 44100);
  assert.equal(w.samples.length, 22050);
  const peak = w.samples.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
  assert.ok(Math.abs(peak - 0.5) < 0.001, `peak ${peak}`);
  assert.ok(Math.abs(estimateHz(w.samples, 44100) - 441) < 3);
});

test('32-bit float, an odd-sized chunk before the data, and a streamed size of 0xFFFFFFFF', () => {
  const data = Buffer.alloc(4 * 3);
  [0.25, -0.5, 1].forEach((v, i) => data.writeFloatLE(v, i * 4));
  const fmt = Buffer.alloc(16);
  fmt.writeUInt16LE(3, 0);
  fmt.writeUInt16LE(1, 2);
  fmt.writeUInt32LE(24000, 4);
  fmt.writeUInt32LE(96000, 8);
  fmt.writeUInt16LE(4, 12);
  fmt.writeUInt16LE(32, 14);
  const chunk = (id: string, body: Buffer, size = body.length) => {
    const h = Buffer.alloc(8);
    h.write(id, 0, 'latin1');
    h.writeUInt32LE(size, 4);
    return Buffer.concat([h, body, body.length & 1 ? Buffer.alloc(1) : Buffer.alloc(0)]);
  };
  const wav = Buffer.concat([Buffer.from('RIFF\0\0\0\0WAVE', 'latin1'), chunk('fmt ', fmt), chunk('LIST', Buffer.from('abc')), chunk('data', data, 0xffffffff)]);
  const w = readWav(wav);
  assert.equal(w.sampleRate, 24000);
  assert.deepEqual([...w.samples], [0.25, -0.5, 1]);
});

test('not a WAV, no fmt, 8-bit: refused with the reason', () => {
  assert.throws(() => readWav(Buffer.from('{"detail":"x"}')), WavFormatError);
  assert.throws(() => readWav(Buffer.from('RIFF\x04\x00\x00\x00WAVE', 'latin1')), /no fmt chunk/);
  const eight = toneWav(440, 0.01, 24000, 1);
  eight.writeUInt16LE(8, 34);
  assert.throws(() => readWav(eight), /unsupported sample format \(format 1, 8 bits\)/);
});

test('resample: 48 kHz → 24 kHz halves the length and keeps the pitch; 24 kHz is left as it is', () => {
  const w = readWav(toneWav(600, 1, 48000, 1));
  const r = resample(w.samples, 48000, 24000);
  assert.equal(r.length, 24000);
  assert.ok(Math.abs(estimateHz(r, 24000) - 600) < 3);
  const up = resample(readWav(toneWav(300, 1, 16000, 1)).samples, 16000, 24000);
  assert.equal(up.length, 24000);
  assert.ok(Math.abs(estimateHz(up, 24000) - 300) < 3);
  const same = new Float32Array(10);
  assert.equal(resample(same, 24000, 24000), same);
});
