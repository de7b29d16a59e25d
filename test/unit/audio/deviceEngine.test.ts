// The native output's engine driven through a fake device (the addon boundary): gapless hand-over, underrun
// counting, pause/resume positions, stop, position events, refusal and hand-over to the next backend.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DeviceEngine, startDeviceEngine } from '../../../src/core/audio/deviceEngine';
import type { ChildMessage } from '../../../src/core/audio/frames';
import type { Segment } from '../../../src/core/audio/engines';
import { FakeDevice, ramp } from './fakeDevice';

const RATE = 24000;

/** Waits until `cond` holds (a busy machine may delay timers by a second): fails after 10 s. */
async function waitFor(cond: () => boolean, what: string): Promise<void> {
  const t0 = Date.now();
  while (!cond()) {
    if (Date.now() - t0 > 10000) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

async function setup(bufferFrames = 480, opts: { idleCloseMs?: number; watchdogMs?: number; now?: () => number } = {}) {
  const dev = new FakeDevice(bufferFrames);
  const msgs: ChildMessage[] = [];
  const engine = await startDeviceEngine(dev, (m) => msgs.push(m), 10000, { idleCloseMs: Infinity, watchdogMs: Infinity, ...opts });
  const chunk = (id: number, index: number, samples: Float32Array, sampleRate = RATE) => engine.chunk({ type: 'chunk', id, index, sampleRate, samples });
  const of = (type: ChildMessage['type']) => msgs.filter((m) => m.type === type);
  return { dev, msgs, engine, chunk, of };
}

/** The non-zero samples of the device output, in order (ramps never contain 0 when they start at 1). */
const sound = (out: number[]) => out.filter((v) => v !== 0);
const seq = (from: number, n: number) => Array.from({ length: n }, (_, i) => from + i);

test('chunks queued ahead play back to back: no silence between them, no underrun, events in order', async () => {
  const { dev, msgs, engine, chunk, of } = await setup();
  const before = dev.output.length; // the probe's request (silence before the reading is not a gap)
  chunk(1, 0, ramp(1, 1000));
  chunk(1, 1, ramp(1001, 700));
  chunk(1, 2, ramp(1701, 1300));
  engine.end(1);
  dev.pull(8); // 3840 frames > 3000
  const played = dev.output.slice(before);
  assert.deepEqual(played.slice(0, 3000), seq(1, 3000), 'the three chunks, sample after sample');
  assert.ok(played.slice(3000).every((v) => v === 0));
  assert.deepEqual(
    msgs.filter((m) => m.type !== 'position').map((m) => `${m.type}${'index' in m ? m.index : ''}`),
    ['started0', 'played0', 'started1', 'played1', 'started2', 'played2', 'finished'],
  );
  assert.equal(of('underrun').length, 0);
  assert.deepEqual([engine.stats.underruns, engine.stats.maxGapMs], [0, 0]);
});

test('a chunk that comes late within a reading is one underrun, and the gap is how long the device waited', async () => {
  const { dev, engine, chunk, of } = await setup(480);
  dev.pull(3); // idle before the reading: not an underrun
  chunk(7, 0, ramp(1, 600)); // fills buffer 1 and 120 frames of buffer 2
  dev.pull(2); // 360 frames of buffer 2 found nothing
  dev.pull(3); // three more empty buffers: 1440 frames
  assert.equal(of('underrun').length, 0, 'reported when the audio resumes');
  chunk(7, 1, ramp(601, 480));
  dev.pull(1);
  const u = of('underrun');
  assert.equal(u.length, 1);
  assert.deepEqual(u[0], { type: 'underrun', id: 7, gapMs: Math.round(((360 + 1440) / RATE) * 1000) }); // 75 ms
  assert.deepEqual([engine.stats.underruns, engine.stats.maxGapMs], [1, 75]);
  // The reading's end: silence after the last chunk, and before the next reading, is no underrun.
  engine.end(7);
  dev.pull(5);
  chunk(8, 0, ramp(1, 100));
  engine.end(8);
  dev.pull(2);
  assert.equal(of('underrun').length, 1);
  assert.deepEqual(sound(dev.output), [...seq(1, 1080), ...seq(1, 100)]);
});

test('pause hands silence and freezes the position; resume goes on from the exact next sample', async () => {
  const { dev, engine, chunk, of } = await setup(480);
  chunk(1, 0, ramp(1, 6000));
  engine.end(1);
  dev.pull(3); // 1440 frames
  const positionsBefore = of('position').length;
  engine.pause();
  const at = dev.output.length;
  dev.pull(10);
  assert.ok(dev.output.slice(at).every((v) => v === 0), 'paused: silence only');
  assert.equal(of('position').length, positionsBefore, 'no position moves while paused');
  engine.pause(); // twice is once
  engine.resume();
  dev.pull(12);
  assert.deepEqual(sound(dev.output), seq(1, 6000), 'nothing lost, nothing repeated');
  assert.equal(of('underrun').length, 0, 'a pause is not an underrun');
  assert.equal(of('finished').length, 1);
});

test('position events come from samples handed to the device, about every 100 ms of audio', async () => {
  const { dev, engine, chunk, of } = await setup(480, { now: () => 7000 });
  chunk(3, 4, ramp(1, 12000)); // 500 ms
  engine.end(3);
  dev.pull(5); // 2400 frames = 100 ms
  assert.deepEqual(of('position'), [{ type: 'position', id: 3, index: 4, offsetMs: 100, at: 7000 }], 'with the wall time of the device request');
  dev.pull(20);
  assert.deepEqual(of('position').map((m) => (m as { offsetMs: number }).offsetMs), [100, 200, 300, 400]);
});

test('started carries the wall time the device took the first sample', async () => {
  let now = 1000;
  const { dev, chunk, of } = await setup(480, { now: () => now });
  now = 5000;
  chunk(1, 0, ramp(1, 100));
  dev.pull(1);
  assert.deepEqual(of('started'), [{ type: 'started', id: 1, index: 0, at: 5000 }]);
});

test('stop drops the queue at once: the next buffer is silence and no event follows for the dropped chunks', async () => {
  const { dev, msgs, engine, chunk } = await setup(480);
  chunk(1, 0, ramp(1, 2000));
  chunk(1, 1, ramp(2001, 2000));
  engine.end(1);
  dev.pull(2);
  engine.stop();
  const n = msgs.length;
  const at = dev.output.length;
  dev.pull(10);
  assert.ok(dev.output.slice(at).every((v) => v === 0));
  assert.equal(msgs.length, n, JSON.stringify(msgs.slice(n)));
  // The device stays open; a new reading plays from its first sample.
  chunk(2, 0, ramp(100, 50));
  dev.pull(1);
  assert.deepEqual(sound(dev.output), [...seq(1, 960), ...seq(100, 50)]);
});

test('a chunk at another rate is resampled to the device rate', async () => {
  const { dev, chunk } = await setup(480);
  const half = new Float32Array(1200).fill(0.5);
  chunk(1, 0, half, 12000);
  dev.pull(6);
  assert.equal(sound(dev.output).length, 2400);
});

test('a device that refuses to open is reported with its reason', async () => {
  const dev = new FakeDevice();
  dev.refuse = 'Failed to open audio device';
  await assert.rejects(startDeviceEngine(dev, () => undefined, 10000), /fake: Failed to open audio device/);
  const silent = new (class extends FakeDevice {
    override async open() {
      return { bufferFrames: 480, close: async () => undefined };
    }
  })();
  await assert.rejects(startDeviceEngine(silent, () => undefined, 100), /did not ask for samples within 100 ms/);
});

test('idle: the device closes when nothing is left and reopens for the next chunk; a failed reopen hands over', async () => {
  // Not 0: the idle timer is armed when the device opens, and a 0 ms timer can close it before the fake device's first
  // request (a setImmediate), which then never comes (the start would wait for it until its timeout).
  const { dev, engine, chunk } = await setup(480, { idleCloseMs: 50 });
  chunk(1, 0, ramp(1, 100));
  engine.end(1);
  dev.pull(1);
  await waitFor(() => !dev.isOpen, 'the idle close');
  chunk(2, 0, ramp(1, 100));
  await waitFor(() => dev.opens === 2 && dev.output.length > 2 * 480, 'the reopen and its first request');
  assert.deepEqual(sound(dev.output), [...seq(1, 100), ...seq(1, 100)]);
  engine.end(2);
  await waitFor(() => !dev.isOpen, 'the second idle close');
  dev.refuse = 'device unplugged';
  const handed: Array<{ reason: string; unplayed: Segment[]; ended: number[] }> = [];
  engine.onFailure = (reason, unplayed, ended) => handed.push({ reason, unplayed, ended });
  chunk(3, 0, ramp(1, 300));
  engine.end(3);
  await waitFor(() => handed.length > 0, 'the hand-over');
  assert.equal(handed.length, 1);
  assert.match(handed[0].reason, /device unplugged/);
  assert.deepEqual([handed[0].unplayed.length, handed[0].unplayed[0].pcm.length / 2, handed[0].ended], [1, 300, [3]]);
  engine.dispose();
});

test('dispose closes the device', async () => {
  const { dev, engine } = await setup();
  engine.dispose();
  await waitFor(() => dev.closes === 1, 'the close');
  assert.ok(!(engine as DeviceEngine).isOpen);
});

test('real-time check: a device that takes its first buffer and then waits is refused; one that keeps asking passes', async () => {
  const stuck = new FakeDevice(120); // asks once on open, then never
  await assert.rejects(startDeviceEngine(stuck, () => undefined, 10000, { realTimeCheckMs: 60 }), /fake: the output is not running in real time \(0 requests in 60 ms, want 6 or more\)/);
  const live = new FakeDevice(120); // 5 ms buffers, asked every 5 ms
  // Like a real device, it asks once per 5 ms of wall time, catching up after a late timer on a busy machine.
  const t0 = Date.now();
  let asked = 0;
  const t = setInterval(() => {
    if (!live.isOpen) return;
    const due = Math.floor((Date.now() - t0) / 5);
    if (due > asked) live.pull(due - asked);
    asked = Math.max(asked, due);
  }, 5);
  try {
    const e = await startDeviceEngine(live, () => undefined, 10000, { realTimeCheckMs: 60, idleCloseMs: Infinity });
    assert.ok(e.requests >= 6);
    e.dispose();
  } finally {
    clearInterval(t);
  }
});

test('watchdog: a device that stops asking while audio waits hands the queue over, with what it still held', async () => {
  const { dev, engine, chunk } = await setup(480, { watchdogMs: 40 });
  const handed: Array<{ reason: string; unplayed: Segment[]; ended: number[] }> = [];
  engine.onFailure = (reason, unplayed, ended) => handed.push({ reason, unplayed, ended });
  chunk(4, 0, ramp(1, 3000));
  chunk(4, 1, ramp(3001, 1000));
  engine.end(4);
  dev.pull(3); // 1440 frames handed, then the device stalls
  await waitFor(() => handed.length > 0, 'the watchdog');
  assert.equal(handed.length, 1);
  assert.match(handed[0].reason, /fake: the output stopped asking for samples for \d+ ms/);
  const first = handed[0].unplayed[0];
  // Two buffers (960 frames) back from the 1440 handed: from sample 481 on.
  assert.equal(first.pcm.readInt16LE(0), 481);
  assert.deepEqual(handed[0].unplayed.map((s) => s.index), [0, 1]);
  assert.deepEqual(handed[0].ended, [4]);
  assert.equal(dev.isOpen, false);
  engine.dispose();
});

test('watchdog: a paused or idle device that is not asked for audio is not a stall', async () => {
  const { dev, engine, chunk } = await setup(480, { watchdogMs: 30 });
  let failed = false;
  engine.onFailure = () => (failed = true);
  await new Promise((r) => setTimeout(r, 80)); // idle: nothing queued
  chunk(1, 0, ramp(1, 2000));
  engine.pause();
  await new Promise((r) => setTimeout(r, 80)); // paused, and this fake does not ask: still fine
  assert.equal(failed, false);
  assert.ok(dev.isOpen);
  engine.dispose();
});
