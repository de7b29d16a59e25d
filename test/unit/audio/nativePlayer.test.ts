// The native output for real: the bundled child (dist/player.js) playing through @echogarden/audio-io's ALSA addon
// into a PulseAudio null sink (ALSA pulse plugin), recorded from the sink's monitor with parec. The recorder keeps
// the sink rendering in small blocks, which the native output's real-time probe requires (see README).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'fs';
import { SystemPlayer, defaultPlayerScript } from '../../../src/core/audio/systemPlayer';
import { PlayerEvent } from '../../../src/core/audio/player';
import { bufferMs } from '../../../src/core/audio/nativeDevice';
import { ownSink, startPulse, MonitorRecorder, loudness, longestQuiet, quietRuns, dominant, tone, sinkInputs, RATE } from './pulse';
import { collect } from './playerEvents';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

let sink: ReturnType<typeof ownSink> | undefined;
before(() => {
  assert.ok(fs.existsSync(defaultPlayerScript()), `missing ${defaultPlayerScript()}: run node esbuild.js`);
  startPulse();
  sink = ownSink();
});
after(() => sink?.unload());

/** Fraction of a 0.3 sine's samples above the loudness threshold 1000/32768. */
const LOUD = 1 - (2 / Math.PI) * Math.asin(1000 / 32768 / 0.3);

test('native: three chunks play back to back in real time; events and positions follow the device', { timeout: 60000 }, async () => {
  const rec = new MonitorRecorder();
  await rec.ready;
  const p = await SystemPlayer.start({ backends: ['native'] });
  assert.equal(p.backend, 'native');
  const { events, until } = collect(p);
  const freqs = [300, 600, 900];
  p.enqueue({ id: 1, index: 0, samples: tone(freqs[0], 0.4), sampleRate: RATE });
  await until((e) => e.type === 'started');
  assert.match(sinkInputs(), /application\.process\.binary = "node"/, 'the child plays into PulseAudio through ALSA');
  p.enqueue({ id: 1, index: 1, samples: tone(freqs[1], 0.4), sampleRate: RATE });
  await sleep(100);
  p.enqueue({ id: 1, index: 2, samples: tone(freqs[2], 0.4), sampleRate: RATE });
  p.end(1);
  await until((e) => e.type === 'finished');
  await sleep(300);
  const x = await rec.stop();
  p.dispose();

  assert.deepEqual(
    events.filter((e) => e.type !== 'position').map((e) => `${e.type}${'index' in e ? e.index : ''}`),
    ['started0', 'played0', 'started1', 'played1', 'started2', 'played2', 'finished'],
  );
  assert.equal(events.filter((e) => e.type === 'underrun').length, 0);
  const t = (type: string, i: number) => events.find((e) => e.type === type && 'index' in e && e.index === i)!.t;
  assert.ok(t('started', 1) - t('started', 0) >= 400 * 0.9, 'chunk 1 starts when the device has taken chunk 0');
  assert.ok(t('played', 2) - t('started', 0) >= 1200 * 0.9, 'played 2 no earlier than 1.2 s of audio');
  const pos = events.filter((e) => e.type === 'position' && e.index === 0).map((e) => (e as { offsetMs: number }).offsetMs);
  assert.deepEqual(pos, [100, 200, 300], 'positions inside chunk 0 every 100 ms of audio');

  const l = loudness(x);
  assert.ok(l.first >= 0, 'audio reached the sink');
  const expected = 3 * 0.4 * RATE;
  assert.ok(Math.abs(l.count - expected * LOUD) < expected * 0.02, `loud samples ${l.count}, want ${Math.round(expected * LOUD)}`);
  const span = (l.last - l.first) / RATE;
  assert.ok(Math.abs(span - 1.2) < 0.01, `one continuous 1.2 s span, got ${span.toFixed(3)} s`);
  const gap = longestQuiet(x, l.first, l.last);
  assert.ok(gap < RATE * 0.002, `no gap between chunks (longest quiet ${gap} samples at ${JSON.stringify(quietRuns(x, l.first, l.last, 300, 24).map((q) => q.at - l.first))})`);
  const heard = [0, 1, 2].map((i) => dominant(x, l.first + Math.round((i * 0.4 + 0.1) * RATE), Math.round(0.2 * RATE), freqs));
  assert.deepEqual(heard, freqs, 'the three tones in the order sent');
});

// Stop drops the queue; the device still plays the (at most two) buffers it holds.
const STOP_MS = 2 * bufferMs() + 20;

test(`native: stop silences within ${STOP_MS} ms and drops the queue; the next reading plays`, { timeout: 60000 }, async () => {
  const rec = new MonitorRecorder();
  await rec.ready;
  const p = await SystemPlayer.start({ backends: ['native'] });
  const { events, until } = collect(p);
  p.enqueue({ id: 5, index: 0, samples: tone(440, 3), sampleRate: RATE });
  p.enqueue({ id: 5, index: 1, samples: tone(440, 3), sampleRate: RATE });
  p.end(5);
  await until((e) => e.type === 'started');
  await sleep(500);
  const atStop = rec.length; // the recorder's own lag only makes the measured tail longer
  p.stop();
  await sleep(700);
  assert.deepEqual(events.filter((e) => e.type !== 'position').map((e) => e.type), ['started'], 'nothing played or finished for the dropped utterance');
  const afterStop = events.length;
  p.enqueue({ id: 6, index: 0, samples: tone(880, 0.3), sampleRate: RATE });
  p.end(6);
  await until((e) => e.type === 'finished' && e.id === 6);
  await sleep(300);
  const x = await rec.stop();
  p.dispose();
  assert.deepEqual(events.slice(afterStop).filter((e) => e.type !== 'position').map((e) => e.type), ['started', 'played', 'finished']);
  const before = loudness(x.subarray(0, atStop + Math.round(0.7 * RATE)));
  const tailMs = ((before.last - atStop) / RATE) * 1000;
  console.log(`# native stop: sound went on ${tailMs.toFixed(0)} ms after stop()`);
  assert.ok(tailMs <= STOP_MS, `sound went on ${tailMs.toFixed(0)} ms after stop (of 5.5 s still queued)`);
  const after = loudness(x.subarray(atStop + Math.round(0.7 * RATE)));
  assert.ok(after.count > 0.3 * RATE * 0.85, 'the next utterance played after the stop');
});

test('native: pause holds the audio, resume plays the rest, nothing lost or repeated', { timeout: 60000 }, async () => {
  const rec = new MonitorRecorder();
  await rec.ready;
  const p = await SystemPlayer.start({ backends: ['native'] });
  const { events, until } = collect(p);
  p.enqueue({ id: 2, index: 0, samples: tone(500, 1.2), sampleRate: RATE });
  p.end(2);
  await until((e) => e.type === 'started');
  await sleep(300);
  p.pause();
  await sleep(STOP_MS + 50); // what the device already held plays out
  const a = rec.length;
  const posAtPause = events.filter((e) => e.type === 'position').length;
  await sleep(800);
  const b = rec.length;
  assert.equal(events.filter((e) => e.type === 'position').length, posAtPause, 'the position stands still while paused');
  p.resume();
  await until((e) => e.type === 'finished');
  await sleep(300);
  const x = await rec.stop();
  p.dispose();
  assert.equal(loudness(x.subarray(a, b)).count, 0, 'silent while paused');
  const l = loudness(x);
  const expected = 1.2 * RATE;
  console.log(`# native pause: loud ${l.count} (a clean 0.3 sine: ${Math.round(expected * LOUD)}), span less pause ${((l.last - l.first - longestQuiet(x, l.first, l.last)) / RATE).toFixed(4)} s`);
  assert.ok(Math.abs(l.count - expected * LOUD) < expected * 0.03, `loud ${l.count}, want ${Math.round(expected * LOUD)}`);
  // The sound's span less the pause is the tone's 1.2 s, to the recorder's precision on this busy machine (parec
  // drops a few ms when late); the exact sample-by-sample check is the fake-device test (deviceEngine.test.ts).
  const heard = (l.last - l.first - longestQuiet(x, l.first, l.last)) / RATE;
  assert.ok(Math.abs(heard - 1.2) < 0.025, `heard ${heard.toFixed(3)} s of the 1.2 s tone`);
  assert.ok(l.last > b, 'the rest played after resume');
  assert.equal(events.filter((e) => e.type === 'underrun').length, 0, 'a pause is not an underrun');
});
