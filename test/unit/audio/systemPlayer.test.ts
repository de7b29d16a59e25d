// The system player for real: the bundled child (dist/player.js; run `node esbuild.js` first) playing through
// paplay/aplay into a PulseAudio null sink (scripts/start-pulse.sh), recorded from the sink's monitor with parec.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { SystemPlayer, SystemPlayerUnavailable, probeSystemPlayer, defaultPlayerScript } from '../../../src/core/audio/systemPlayer';
import { playPcm } from '../../../src/core/audio/play';
import { choosePlayer, NoticeMemory } from '../../../src/core/audio/choosePlayer';
import { PlayerEvent } from '../../../src/core/audio/player';
import { ownSink, startPulse, MonitorRecorder, loudness, longestQuiet, dominant, tone, sinkInputs, RATE } from './pulse';
import { collect } from './playerEvents';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

let sink: ReturnType<typeof ownSink> | undefined;
before(() => {
  assert.ok(fs.existsSync(defaultPlayerScript()), `missing ${defaultPlayerScript()}: run node esbuild.js`);
  startPulse();
  sink = ownSink();
});
after(() => sink?.unload());

async function withEnv<T>(vars: Record<string, string>, f: () => Promise<T>): Promise<T> {
  const old: Record<string, string | undefined> = {};
  for (const k of Object.keys(vars)) (old[k] = process.env[k]), (process.env[k] = vars[k]);
  try {
    return await f();
  } finally {
    for (const k of Object.keys(vars)) if (old[k] === undefined) delete process.env[k];
    else process.env[k] = old[k];
  }
}

test('paplay: streamed chunks play in order, gaplessly and in real time into the null sink', { timeout: 60000 }, async () => {
  const rec = new MonitorRecorder();
  await rec.ready;
  const p = await SystemPlayer.start({ backends: ['paplay'] });
  assert.equal(p.backend, 'paplay');
  const { events, until } = collect(p);
  const freqs = [300, 600, 900];
  p.enqueue({ id: 1, index: 0, samples: tone(freqs[0], 0.4), sampleRate: RATE, text: 'あ' });
  await until((e) => e.type === 'started');
  assert.match(sinkInputs(), /application\.name = "Yomiage"/, 'a Yomiage stream is playing into PulseAudio');
  p.enqueue({ id: 1, index: 1, samples: tone(freqs[1], 0.4), sampleRate: RATE });
  await sleep(100);
  p.enqueue({ id: 1, index: 2, samples: tone(freqs[2], 0.4), sampleRate: RATE });
  p.end(1);
  await until((e) => e.type === 'finished');
  await sleep(400); // the sink's own latency: let the tail reach the monitor
  const x = await rec.stop();
  p.dispose();

  assert.deepEqual(
    events.filter((e) => e.type !== 'position').map((e) => `${e.type}${'index' in e ? e.index : ''}`),
    ['started0', 'played0', 'started1', 'played1', 'started2', 'played2', 'finished'],
  );
  // paplay gives no position of its own: the child reports its clock's estimate, about every 100 ms of audio, and
  // says it is one; each report lies between its chunk's started and played.
  const pos = events.filter((e): e is Extract<PlayerEvent, { type: 'position' }> & { t: number } => e.type === 'position');
  for (const i of [0, 1, 2]) {
    const mine = pos.filter((e) => e.index === i);
    const offs = mine.map((e) => e.offsetMs);
    assert.ok(mine.length >= 2 && mine.length <= 4, `chunk ${i}: positions ${offs}`);
    assert.ok(mine.every((e) => e.estimated === true && e.id === 1));
    assert.ok(offs.every((o, k) => o >= 100 && o < 400 && (k === 0 || o - offs[k - 1] >= 100)), `chunk ${i} positions ${offs}`);
    const started = events.find((e) => e.type === 'started' && 'index' in e && e.index === i)!.t;
    const played = events.find((e) => e.type === 'played' && 'index' in e && e.index === i)!.t;
    assert.ok(mine.every((e) => e.t >= started && e.t <= played));
  }
  // Events come from measured playback time, never ahead of the audio.
  const t = (type: string, i: number) => events.find((e) => e.type === type && 'index' in e && e.index === i)!.t;
  assert.ok(t('started', 1) - t('started', 0) >= 400 * 0.9, 'chunk 1 starts after chunk 0 has had its time');
  assert.ok(t('played', 2) - t('started', 0) >= 1200 * 0.9, 'played 2 no earlier than 1.2 s of audio');

  const l = loudness(x);
  assert.ok(l.first >= 0, 'audio reached the sink');
  const expected = 3 * 0.4 * RATE;
  // A 0.3 sine is above 1000/32768 for ~93.5 % of its samples.
  assert.ok(l.count > expected * 0.85 && l.count < expected * 1.02, `loud samples ${l.count} for ${expected} played`);
  const span = (l.last - l.first) / RATE;
  assert.ok(Math.abs(span - 1.2) < 0.02, `one continuous 1.2 s span, got ${span.toFixed(3)} s`);
  assert.ok(longestQuiet(x, l.first, l.last) < RATE * 0.002, 'no gap between chunks');
  const heard = [0, 1, 2].map((i) => dominant(x, l.first + Math.round((i * 0.4 + 0.1) * RATE), Math.round(0.2 * RATE), freqs));
  assert.deepEqual(heard, freqs, 'the three tones were heard in the order sent');
});

test('paplay: stop silences at once, drops the queue, and the player plays again afterwards', { timeout: 60000 }, async () => {
  const rec = new MonitorRecorder();
  await rec.ready;
  const p = await SystemPlayer.start({ backends: ['paplay'] });
  const { events, until } = collect(p);
  p.enqueue({ id: 5, index: 0, samples: tone(440, 3), sampleRate: RATE });
  p.enqueue({ id: 5, index: 1, samples: tone(440, 3), sampleRate: RATE });
  p.end(5);
  await until((e) => e.type === 'started');
  await sleep(500);
  const atStop = rec.length;
  p.stop();
  await sleep(700);
  assert.doesNotMatch(sinkInputs(), /application\.name = "Yomiage"/, 'no Yomiage stream left in PulseAudio');
  const afterStop = events.length;
  assert.deepEqual(events.filter((e) => e.type !== 'position').map((e) => e.type), ['started'], 'nothing played or finished for the dropped utterance');

  p.enqueue({ id: 6, index: 0, samples: tone(880, 0.3), sampleRate: RATE });
  p.end(6);
  await until((e) => e.type === 'finished' && e.id === 6);
  await sleep(300);
  const x = await rec.stop();
  p.dispose();
  assert.deepEqual(events.slice(afterStop).filter((e) => e.type !== 'position').map((e) => e.type), ['started', 'played', 'finished']);
  assert.ok(events.slice(afterStop).every((e) => !('id' in e) || e.id === 6), 'no position of the stopped utterance after stop');

  const before = loudness(x.subarray(0, atStop + Math.round(0.7 * RATE)));
  const silenceAfter = (before.last - atStop) / RATE;
  console.log(`# paplay stop: sound went on ${(silenceAfter * 1000).toFixed(0)} ms after stop()`);
  assert.ok(silenceAfter < 0.15, `sound went on ${silenceAfter.toFixed(3)} s after stop (of 5.5 s still queued)`);
  const after = loudness(x.subarray(atStop + Math.round(0.7 * RATE)));
  assert.ok(after.count > 0.3 * RATE * 0.85, 'the next utterance played after the stop');
  assert.equal(dominant(x, atStop + Math.round(0.7 * RATE) + after.first + 1200, 4800, [440, 880]), 880, 'and it was the new one');
});

test('paplay: pause holds the audio and resume plays the rest, nothing lost or repeated', { timeout: 60000 }, async () => {
  const rec = new MonitorRecorder();
  await rec.ready;
  const p = await SystemPlayer.start({ backends: ['paplay'] });
  const { events, until } = collect(p);
  p.enqueue({ id: 2, index: 0, samples: tone(500, 1.2), sampleRate: RATE });
  p.end(2);
  await until((e) => e.type === 'started');
  await sleep(300);
  p.pause();
  const a = rec.length;
  await sleep(100); // a report already on its way
  const posAtPause = events.filter((e) => e.type === 'position').length;
  await sleep(900);
  assert.equal(events.filter((e) => e.type === 'position').length, posAtPause, 'the position stands still while paused');
  const b = rec.length;
  p.resume();
  await until((e) => e.type === 'finished');
  await sleep(400);
  const x = await rec.stop();
  p.dispose();
  const held = loudness(x.subarray(a + Math.round(0.35 * RATE), b));
  assert.equal(held.count, 0, 'silent while paused');
  const l = loudness(x);
  const expected = 1.2 * RATE;
  assert.ok(l.count > expected * 0.85 && l.count < expected * 1.02, `loud ${l.count} for ${expected}`);
  assert.ok(l.last > b, 'the rest played after resume');
});

test('a player that dies mid-play is judged by that, not its exit code: the next backend continues', { timeout: 60000 }, async () => {
  const rec = new MonitorRecorder();
  await rec.ready;
  const p = await SystemPlayer.start({ backends: ['paplay', 'aplay'] });
  const { events, until } = collect(p);
  p.enqueue({ id: 3, index: 0, samples: tone(400, 0.6), sampleRate: RATE });
  p.enqueue({ id: 3, index: 1, samples: tone(700, 0.6), sampleRate: RATE });
  p.end(3);
  await until((e) => e.type === 'started');
  const pid = execFileSync('pgrep', ['-P', String(p.pid), '-x', 'paplay'], { encoding: 'utf8' }).trim();
  assert.match(pid, /^\d+$/);
  process.kill(Number(pid), 'SIGTERM'); // exits "cleanly" as far as a signal-unaware caller could tell
  const err = (await until((e) => e.type === 'error')) as Extract<PlayerEvent, { type: 'error' }>;
  assert.match(err.message, /paplay stopped while playing.*continuing with aplay/);
  assert.equal(err.fatal, false);
  await until((e) => e.type === 'finished');
  await sleep(400);
  const x = await rec.stop();
  p.dispose();
  assert.deepEqual(events.filter((e) => e.type === 'played').map((e) => (e as { index: number }).index), [0, 1]);
  const tail = loudness(x.subarray(x.length - Math.round(1.0 * RATE)));
  assert.ok(tail.count > 0, 'audio continued through aplay');
});

test('no player installed: start fails with the reasons, and auto selection falls back to the webview once', { timeout: 60000 }, async () => {
  await withEnv({ PATH: '/nonexistent-yomiage' }, async () => {
    await assert.rejects(SystemPlayer.start({ backends: ['paplay', 'aplay'] }), (e: unknown) => {
      assert.ok(e instanceof SystemPlayerUnavailable);
      assert.match(e.reason, /paplay: not installed; aplay: not installed/);
      return true;
    });
    const notices = new NoticeMemory();
    const probeSystem = () => probeSystemPlayer({ backends: ['paplay', 'aplay'] });
    const host = { remoteName: undefined, uiKind: 'desktop' as const };
    const c = await choosePlayer({ setting: 'auto', host, probeSystem, notices });
    assert.equal(c.kind, 'webview');
    assert.match(c.notice!.text, /system audio player is not available here \(paplay: not installed; aplay: not installed\)/);
    const again = await choosePlayer({ setting: 'auto', host, probeSystem, notices });
    assert.equal(again.kind, 'webview');
    assert.equal(again.notice, undefined);
  });
});

test('no sound server: paplay is refused by the pactl probe, not trusted for existing', { timeout: 60000 }, async () => {
  await withEnv({ PULSE_SERVER: 'unix:/nonexistent-yomiage/native' }, async () => {
    const r = await probeSystemPlayer({ backends: ['paplay'] });
    assert.equal(r.ok, false);
    assert.match((r as { reason: string }).reason, /^pactl: .*(Connection|refused|No such)/i);
  });
});

test('playPcm plays to the end, and an abort silences it at once', { timeout: 60000 }, async () => {
  const rec = new MonitorRecorder();
  await rec.ready;
  await playPcm(tone(600, 0.3), RATE, { backends: ['paplay'] });
  const ac = new AbortController();
  const p = playPcm(tone(600, 5), RATE, { backends: ['paplay'], signal: ac.signal });
  await sleep(1200);
  ac.abort();
  await assert.rejects(p, { name: 'AbortError' });
  await sleep(500);
  const x = await rec.stop();
  const l = loudness(x);
  assert.ok(l.count > 0.3 * RATE * 0.85, 'the first sound played');
  assert.ok(l.count < 2.5 * RATE, `the aborted 5 s sound was cut short (${(l.count / RATE).toFixed(2)} s loud)`);
  await assert.rejects(playPcm(tone(600, 0.1), 0), /bad sample rate/);
});

test('the child never loads speaker into the caller: the extension side has no speaker in its module cache', () => {
  assert.ok(!Object.keys(require.cache).some((k) => k.includes(`${path.sep}speaker${path.sep}`)));
});

function speakerInstalled(): boolean {
  try {
    require.resolve('speaker');
    return true;
  } catch {
    return false;
  }
}

test('speaker aborting its process (no sound server) is survived: the child is retried without it and says why', { timeout: 60000 }, async () => {
  await withEnv({ PULSE_SERVER: 'unix:/nonexistent-yomiage/native' }, async () => {
    const r = await probeSystemPlayer({ backends: ['speaker', 'paplay'] });
    assert.equal(r.ok, false);
    const reason = (r as { reason: string }).reason;
    if (speakerInstalled()) assert.match(reason, /speaker aborted the player process: .*SIGABRT/);
    else assert.match(reason, /speaker: Cannot find module/);
    assert.match(reason, /pactl: /);
  });
});

test('speaker (optional dependency) plays through ALSA into the null sink when it is installed', { timeout: 60000, skip: !speakerInstalled() && 'speaker is not installed' }, async () => {
  const rec = new MonitorRecorder();
  await rec.ready;
  const p = await SystemPlayer.start({ backends: ['speaker'] });
  assert.equal(p.backend, 'speaker');
  const { events, until } = collect(p);
  p.enqueue({ id: 1, index: 0, samples: tone(300, 0.4), sampleRate: RATE });
  p.enqueue({ id: 1, index: 1, samples: tone(600, 0.4), sampleRate: RATE });
  p.end(1);
  await until((e) => e.type === 'finished');
  await sleep(600);
  const x = await rec.stop();
  p.dispose();
  assert.deepEqual(events.filter((e) => e.type !== 'position').map((e) => e.type), ['started', 'played', 'started', 'played', 'finished']);
  const l = loudness(x);
  assert.ok(l.count > 0.8 * RATE * 0.85, `loud ${l.count}`);
  assert.ok(longestQuiet(x, l.first, l.last) < RATE * 0.002, 'no gap between chunks');
});
