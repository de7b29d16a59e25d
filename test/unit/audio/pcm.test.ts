import { test } from 'node:test';
import assert from 'node:assert/strict';
import { floatToS16le, resampleS16le, s16leToFloat } from '../../../src/core/audio/pcm';
import { PlayerEvents, PlayerEvent } from '../../../src/core/audio/player';
import { resample } from '../../../src/core/audio/resample';
import { wavBytes, streamArgs, findExecutable } from '../../../src/core/audio/backends';

test('float to 16-bit PCM: full scale both ways, clipping, NaN as silence', () => {
  const b = floatToS16le(new Float32Array([1, -1, 0.5, 2, -3, NaN, 0]));
  const v = [0, 1, 2, 3, 4, 5, 6].map((i) => b.readInt16LE(i * 2));
  assert.deepEqual(v, [32767, -32768, 16384, 32767, -32768, 0, 0]);
});

test('16-bit PCM to float: -32768 is -1, 16384 is 0.5, and 24 kHz PCM resampled to 48 kHz keeps its values', () => {
  const pcm = Buffer.alloc(6);
  [-32768, 16384, 0].forEach((v, i) => pcm.writeInt16LE(v, i * 2));
  assert.deepEqual([...s16leToFloat(pcm)], [-1, 0.5, 0]);
  const up = resampleS16le(pcm, 24000, 48000);
  assert.deepEqual([0, 1, 2, 3, 4, 5].map((i) => up.readInt16LE(i * 2)), [-32768, -8192, 16384, 8192, 0, 0]);
  assert.equal(resampleS16le(pcm, 24000, 24000), pcm);
});

test('linear resampling doubles the length and interpolates between samples', () => {
  const r = resample(new Float32Array([0, 1, 0]), 24000, 48000);
  assert.equal(r.length, 6);
  assert.deepEqual([...r].map((x) => Math.round(x * 100) / 100), [0, 0.5, 1, 0.5, 0, 0]);
  const same = new Float32Array([1, 2]);
  assert.equal(resample(same, 24000, 24000), same);
});

test('a throwing listener does not keep events from the others', () => {
  const ev = new PlayerEvents();
  const got: PlayerEvent[] = [];
  ev.on(() => {
    throw new Error('x');
  });
  const off = ev.on((e) => got.push(e));
  ev.emit({ type: 'finished', id: 1 });
  off();
  ev.emit({ type: 'finished', id: 2 });
  assert.deepEqual(got, [{ type: 'finished', id: 1 }]);
});

test('WAV bytes: RIFF header for 16-bit mono at the given rate', () => {
  const w = wavBytes(Buffer.alloc(10), 24000);
  assert.equal(w.toString('ascii', 0, 4), 'RIFF');
  assert.equal(w.readUInt32LE(4), 36 + 10);
  assert.equal(w.toString('ascii', 8, 16), 'WAVEfmt ');
  assert.equal(w.readUInt16LE(22), 1);
  assert.equal(w.readUInt32LE(24), 24000);
  assert.equal(w.readUInt32LE(28), 48000);
  assert.equal(w.readUInt16LE(34), 16);
  assert.equal(w.readUInt32LE(40), 10);
  assert.equal(w.length, 54);
});

test('platform players get raw-PCM argument arrays, no shell', () => {
  assert.deepEqual(streamArgs('paplay', 24000).slice(0, 4), ['--raw', '--format=s16le', '--rate=24000', '--channels=1']);
  assert.deepEqual(streamArgs('aplay', 24000).slice(0, 9), ['-q', '-t', 'raw', '-f', 'S16_LE', '-r', '24000', '-c', '1']);
  assert.equal(findExecutable('definitely-not-a-program-yomiage'), null);
  assert.equal(findExecutable('sh', '/nonexistent-dir'), null);
});
