// The per-chunk WAV engine (the macOS afplay / Windows SoundPlayer route), run here with real Linux programs in
// the file player's place: `paplay FILE.wav` into a PulseAudio null sink, and `true` as a player that lies.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { FileEngine } from '../../../src/core/audio/engines';
import { FileBackend, findExecutable, runFilePlayer } from '../../../src/core/audio/backends';
import type { ChildMessage } from '../../../src/core/audio/frames';
import { ownSink, startPulse, MonitorRecorder, loudness, dominant, tone, RATE } from './pulse';

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
let sink: ReturnType<typeof ownSink> | undefined;
before(() => {
  startPulse();
  sink = ownSink();
});
after(() => sink?.unload());

function backend(program: string, args: (wav: string) => string[] = (w) => [w]): FileBackend {
  const exe = findExecutable(program);
  assert.ok(exe, `${program} not installed`);
  return { kind: 'file', name: 'afplay', play: (wav) => runFilePlayer(exe, args(wav)) };
}

function engine(b: FileBackend) {
  const msgs: ChildMessage[] = [];
  const waiters: Array<() => void> = [];
  const e = new FileEngine(b, (m) => {
    msgs.push(m);
    waiters.splice(0).forEach((w) => w());
  });
  const until = async (pred: (m: ChildMessage) => boolean) => {
    const t0 = Date.now();
    while (!msgs.some(pred)) {
      if (Date.now() - t0 > 15000) throw new Error(`timed out; got ${JSON.stringify(msgs)}`);
      await new Promise<void>((r) => {
        waiters.push(r);
        setTimeout(r, 200);
      });
    }
  };
  return { e, msgs, until };
}

const chunk = (id: number, index: number, samples: Float32Array) => ({ type: 'chunk' as const, id, index, sampleRate: RATE, samples });

test('one WAV per chunk, played in order through a real file player', { timeout: 60000 }, async () => {
  const rec = new MonitorRecorder();
  await rec.ready;
  const { e, msgs, until } = engine(backend('paplay'));
  e.chunk(chunk(1, 0, tone(300, 0.5)));
  e.chunk(chunk(1, 1, tone(800, 0.5)));
  e.end(1);
  await until((m) => m.type === 'finished');
  await sleep(300);
  const x = await rec.stop();
  e.dispose();
  assert.deepEqual(msgs.filter((m) => m.type !== 'position').map((m) => `${m.type}${'index' in m ? m.index : ''}`), ['started0', 'played0', 'started1', 'played1', 'finished']);
  // The file player gives no position: estimated from the wall time since its process started, every ~100 ms.
  for (const i of [0, 1]) {
    const offs = msgs.filter((m): m is Extract<ChildMessage, { type: 'position' }> => m.type === 'position' && m.index === i && m.estimated === true).map((m) => m.offsetMs);
    assert.ok(offs.length >= 3 && offs.every((o, k) => o > 0 && o <= 500 && (k === 0 || o > offs[k - 1])), `chunk ${i} positions ${offs}`);
  }
  const l = loudness(x);
  assert.ok(l.count > RATE * 0.85 && l.count < RATE * 1.02, `loud ${l.count} for ${RATE}`);
  assert.equal(dominant(x, l.first + 2400, 4800, [300, 800]), 300);
  assert.equal(dominant(x, l.last - 7200, 4800, [300, 800]), 800);
});

test('pause stops the player and resume plays the rest of the chunk from where it was', { timeout: 60000 }, async () => {
  const rec = new MonitorRecorder();
  await rec.ready;
  const { e, until } = engine(backend('paplay'));
  e.chunk(chunk(2, 0, tone(500, 1.5)));
  e.end(2);
  await until((m) => m.type === 'started');
  await sleep(600);
  e.pause();
  const a = rec.length;
  await sleep(800);
  const b = rec.length;
  e.resume();
  await until((m) => m.type === 'finished');
  await sleep(300);
  const x = await rec.stop();
  e.dispose();
  assert.equal(loudness(x.subarray(a + Math.round(0.25 * RATE), b)).count, 0, 'silent while paused');
  const heard = loudness(x).count / RATE;
  // The resume point is estimated from wall time, so a little may repeat (startup latency), nothing may be lost.
  assert.ok(heard > 1.5 * 0.9 && heard < 1.5 * 0.935 + 0.35, `heard ${heard.toFixed(2)} s of a 1.5 s chunk`);
});

test('a player that exits 0 at once is not believed: fatal error naming the program and the time', { timeout: 60000 }, async () => {
  const { e, msgs, until } = engine(backend('true'));
  e.chunk(chunk(3, 0, tone(500, 2)));
  e.end(3);
  await until((m) => m.type === 'error');
  e.dispose();
  const err = msgs.find((m) => m.type === 'error') as Extract<ChildMessage, { type: 'error' }>;
  assert.match(err.message, /^afplay: exited after \d+ ms of a 2000 ms chunk$/);
  assert.equal(err.fatal, true);
  assert.ok(!msgs.some((m) => m.type === 'played' || m.type === 'finished'));
});
