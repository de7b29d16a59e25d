import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PlaybackClock } from '../../../src/core/audio/clock';

function fake() {
  let t = 1000;
  return { now: () => t, at: (ms: number) => (t = 1000 + ms) };
}

test('position follows wall time from the first data, capped at what was written', () => {
  const f = fake();
  const c = new PlaybackClock(24000, f.now);
  assert.equal(c.position(), 0);
  c.add(2400); // 100 ms
  f.at(50);
  assert.equal(c.position(), 1200);
  assert.equal(c.buffered(), 1200);
  f.at(400);
  assert.equal(c.position(), 2400);
});

test('after running dry the clock restarts with the new data instead of counting the silence', () => {
  const f = fake();
  const c = new PlaybackClock(24000, f.now);
  c.add(2400);
  f.at(500); // dry for 400 ms
  c.add(2400);
  assert.equal(c.position(), 2400);
  f.at(550);
  assert.equal(c.position(), 3600);
});

test('more data before running dry keeps the timeline continuous', () => {
  const f = fake();
  const c = new PlaybackClock(24000, f.now);
  c.add(2400);
  f.at(50);
  c.add(2400);
  f.at(150);
  assert.equal(c.position(), 3600);
});

test('pause freezes the position and resume continues from it', () => {
  const f = fake();
  const c = new PlaybackClock(24000, f.now);
  c.add(24000);
  f.at(100);
  c.pause();
  f.at(900);
  assert.equal(c.position(), 2400);
  c.resume();
  f.at(1000);
  assert.equal(c.position(), 4800);
});

test('output latency delays the first audible sample', () => {
  const f = fake();
  const c = new PlaybackClock(24000, f.now, 100);
  c.add(24000);
  f.at(80);
  assert.equal(c.position(), 0);
  f.at(150);
  assert.equal(c.position(), 1200);
});
