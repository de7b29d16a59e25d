/**
 * SpeechSession over the real worker engine (real onnxruntime-node, generated test model, real voice pack), with
 * an in-process player that plays on timers (ClockPlayer) and, for the hand-over, the real system player playing
 * into a PulseAudio null sink and killed mid-reading.
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { WaveFile } from 'wavefile';
import { EngineClient } from '../../../src/core/engine/client';
import type { PreparedChunk } from '../../../src/core/engine/protocol';
import type { AudioChunk, Player, PlayerEvent } from '../../../src/core/audio/player';
import { fallbackAfterFailure, NoticeMemory } from '../../../src/core/audio/choosePlayer';
import { SystemPlayer, defaultPlayerScript } from '../../../src/core/audio/systemPlayer';
import { WavFileWriter } from '../../../src/core/audio/wavWriter';
import { SpeechSession, type FallbackProvider, type SpeechOutcome } from '../../../src/core/speech/session';
import type { AudioSink } from '../../../src/core/speech/sink';
import { SystemPlayerRestarts } from '../../../src/core/speech/systemRestart';
import { DIST_WORKER, NEZUMI_BIN, expectedWaveform, maxAbsDiff, modelFile, requireDist, tmpDir, tokens, voiceRow } from '../engine/helpers';
import { ClockPlayer } from './clockPlayer';
import { ownSink, startPulse } from '../audio/pulse';

/** Each chunk: 8 tokens + 2 framing zeros → 10 × 1800 samples = 0.75 s of audio from the test model. */
const TOKENS = 8;
const CHUNK_SAMPLES = (TOKENS + 2) * 1800;
const prepared = (count: number, offset = 0): PreparedChunk[] =>
  Array.from({ length: count }, (_, i) => ({ text: `c${i}`, start: i, end: i + 1, tokens: tokens(TOKENS, i + offset) }));

const engines: EngineClient[] = [];
/** A worker that stops after 2 unacknowledged chunks: a reading of more chunks ends only if the session acks them. */
function engine(): EngineClient {
  requireDist();
  const e = new EngineClient({ workerPath: DIST_WORKER, maxQueuedChunks: 2 });
  engines.push(e);
  return e;
}
after(async () => {
  await Promise.all(engines.map((e) => e.dispose()));
});

const assets = () => ({ modelPath: modelFile(), voicePath: NEZUMI_BIN });
const request = (count: number, offset = 0) => ({ text: 'x', assets: assets(), chunks: prepared(count, offset) });
const indices = (cs: readonly AudioChunk[], id?: number) => cs.filter((c) => id === undefined || c.id === id).map((c) => c.index);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Bounded wait for a session outcome: a hang fails the test with what happened so far. */
async function outcome(s: SpeechSession, ms = 30000, what = ''): Promise<SpeechOutcome> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`session did not end in ${ms} ms ${what}`)), ms)));
  try {
    return await Promise.race([s.ended, late]);
  } finally {
    clearTimeout(timer);
  }
}

test('plays every chunk in order, acknowledging each one played (the engine goes past its queue of 2), and ends done', async () => {
  const player = new ClockPlayer({ rate: 10 });
  const started: number[] = [];
  const s = new SpeechSession(engine(), request(6), { player }, { onStarted: (i) => started.push(i) });
  assert.deepEqual(await outcome(s, 30000, player.log.join(',')), { status: 'done', chunks: 6 });
  assert.deepEqual(indices(player.received), [0, 1, 2, 3, 4, 5]);
  assert.deepEqual(started, [0, 1, 2, 3, 4, 5]);
  assert.ok(player.received.every((c) => c.id === s.id && c.samples.length === CHUNK_SAMPLES && c.sampleRate === 24000));
  assert.equal(player.log.filter((l) => l.startsWith('end')).length, 1);
  // the audio handed to the player is the model's output for that chunk's tokens
  const toks = prepared(6)[3].tokens;
  assert.ok(maxAbsDiff(player.received[3].samples, expectedWaveform([0, ...toks, 0], voiceRow(NEZUMI_BIN, toks.length - 1), 1)) < 1e-4);
});

/** The editor's rule (core/audio/choosePlayer): a failed system player gives way to the panel, announced once. */
function panelFallback(panels: ClockPlayer[]): FallbackProvider & { notices: NoticeMemory } {
  const notices = new NoticeMemory();
  return {
    notices,
    async fallback(failed: Player, reason: string) {
      failed.dispose();
      const choice = await fallbackAfterFailure({ failed: failed.kind, reason, probeSystem: async () => ({ ok: false, reason: 'no device' }), notices });
      if (!choice) return null;
      const panel = new ClockPlayer({ kind: choice.kind, rate: 4 });
      panels.push(panel);
      return { player: panel, notice: choice.notice?.text };
    },
  };
}

test('a player that dies mid-reading hands over: the other player goes on from the chunk that failed, the notice comes once', async () => {
  const panels: ClockPlayer[] = [];
  const provider = panelFallback(panels);
  const e = engine();
  const notices: string[] = [];
  const players: Player[] = [];

  for (const round of [0, 1]) {
    const system = new ClockPlayer({ kind: 'system', rate: 4 });
    let failedAt = -1;
    const s = new SpeechSession(e, request(6, round), { player: system, fallback: provider }, {
      onNotice: (m) => notices.push(m),
      onPlayer: (p) => players.push(p),
      onStarted: (i) => {
        if (i === 2 && failedAt < 0 && s.player === system) {
          failedAt = i;
          setTimeout(() => system.fail('system player process exited (SIGKILL)'), 50); // while chunk 2 plays
        }
      },
    });
    assert.deepEqual(await outcome(s), { status: 'done', chunks: 6 }, `round ${round}`);
    const panel = panels[round];
    assert.ok(system.disposed, 'the provider took over the failed player');
    assert.deepEqual(indices(system.received).slice(0, 2), [0, 1]);
    // chunks 0 and 1 were confirmed played on the system player: the panel starts at 2, each later chunk once
    assert.deepEqual(indices(panel.received), [2, 3, 4, 5], `round ${round}: ${panel.log.join(',')}`);
    assert.equal(panel.kind, 'webview');
    assert.ok(panel.log.includes(`plan ${s.id}:6`), `the panel got the plan: ${panel.log.join(',')}`);
    assert.equal(s.player, panel);
  }
  assert.equal(notices.length, 1, `one notice for two fallbacks: ${JSON.stringify(notices)}`);
  assert.match(notices[0], /system audio player failed \(system player process exited \(SIGKILL\)\)\. Playing in the Yomiage panel instead/);
  assert.deepEqual(players.map((p) => p.kind), ['system', 'webview', 'system', 'webview']);
});

test('with nothing to fall back to, a dying player ends the reading with a player error and the engine stops', async () => {
  const system = new ClockPlayer({ rate: 4 });
  const noOther: FallbackProvider = { fallback: async (p) => (p.dispose(), null) };
  const s = new SpeechSession(engine(), request(6), { player: system, fallback: noOther }, {
    onStarted: (i) => i === 1 && system.fail('gone'),
  });
  const o = await outcome(s);
  assert.deepEqual(o, { status: 'error', source: 'player', message: 'gone' });
  const got = system.received.length;
  await sleep(300);
  assert.equal(system.received.length, got, 'nothing more arrives after the end');
});

test('the real system player killed mid-reading: a new player process plays on from the chunk that was playing', { timeout: 90000 }, async (t) => {
  assert.ok(fs.existsSync(defaultPlayerScript()), `missing ${defaultPlayerScript()}: run node esbuild.js`);
  startPulse();
  const sink = ownSink();
  const first = await SystemPlayer.start({ backends: ['paplay'] });
  const restarts = new SystemPlayerRestarts({ backends: ['paplay'] });
  try {
    const seen: Array<{ pid: number | undefined; e: PlayerEvent; at: number }> = [];
    let killedAt = 0;
    const notices: string[] = [];
    let killed: number | undefined;
    const s = new SpeechSession(engine(), request(4), { player: first, fallback: restarts }, {
      onNotice: (m) => notices.push(m),
      onPlayerEvent: (e, p) => {
        seen.push({ pid: (p as SystemPlayer).pid, e, at: performance.now() });
        if (e.type === 'started' && e.index === 1 && killed === undefined) {
          killed = 1;
          setTimeout(() => {
            killedAt = performance.now();
            process.kill(first.pid!, 'SIGKILL');
          }, 200); // mid-way through chunk 1 (0.75 s)
        }
      },
    });
    assert.deepEqual(await outcome(s, 60000, JSON.stringify(seen)), { status: 'done', chunks: 4 });
    const after = seen.filter((x) => x.pid !== first.pid);
    // (position reports, about every 100 ms of audio, are left out of these lines)
    const line = (xs: typeof seen) => xs.filter(({ e }) => e.type !== 'position').map(({ e }) => `${e.type}${'index' in e ? e.index : ''}`).join(' ');
    assert.match(line(seen.filter((x) => x.pid === first.pid)), /^started0 played0 started1 error$/);
    assert.equal(line(after), 'started1 played1 started2 played2 started3 played3 finished');
    t.diagnostic(`silence from the kill to chunk 1 starting again on the new player: ${(after[0].at - killedAt).toFixed(0)} ms`);
    assert.equal(notices.length, 1);
    assert.match(notices[0], /the audio player failed \(system player process exited \(SIGKILL\)\); playing on through a new paplay player/);
  } finally {
    restarts.dispose();
    first.dispose();
    sink.unload();
  }
});

/** A sink that records what reaches it, optionally slow or failing at one chunk. */
function recordingSink(opts: { delayMs?: number; failAt?: number } = {}) {
  const log: string[] = [];
  const sink: AudioSink = {
    async write(c) {
      if (opts.delayMs) await sleep(opts.delayMs);
      if (c.index === opts.failAt) throw new Error(`disk full at chunk ${c.index}`);
      log.push(`write ${c.index}`);
    },
    async finish() {
      log.push('finish');
    },
    abort() {
      log.push('abort');
    },
  };
  return { sink, log };
}

test('a sink receives every chunk in order, one write at a time, then finish; writes pace the engine', async () => {
  const { sink, log } = recordingSink({ delayMs: 20 });
  const s = new SpeechSession(engine(), request(6), { sink });
  assert.deepEqual(await outcome(s), { status: 'done', chunks: 6 });
  assert.deepEqual(log, ['write 0', 'write 1', 'write 2', 'write 3', 'write 4', 'write 5', 'finish']);
});

test('a sink that fails ends the session with a sink error and is aborted; a cancelled one is aborted, never finished', async () => {
  const bad = recordingSink({ failAt: 2 });
  const s = new SpeechSession(engine(), request(6), { sink: bad.sink });
  const o = await outcome(s);
  assert.deepEqual({ ...o, cause: undefined }, { status: 'error', source: 'sink', message: 'disk full at chunk 2', cause: undefined });
  assert.ok(o.status === 'error' && o.source === 'sink' && o.cause instanceof Error, 'the error the sink threw is kept');
  assert.deepEqual(bad.log, ['write 0', 'write 1', 'abort']);

  const slow = recordingSink({ delayMs: 100 });
  const c = new SpeechSession(engine(), request(6), { sink: slow.sink }, { onStarted: (i) => i === 1 && c.cancel() });
  assert.deepEqual(await outcome(c), { status: 'cancelled' });
  assert.deepEqual(slow.log, ['write 0', 'write 1', 'abort']);
});

test('the streaming WAV writer as the sink writes exactly the synthesised audio; a cancelled export leaves no file', async () => {
  const dir = fs.mkdtempSync(path.join(tmpDir(), 'session-wav-'));
  const file = path.join(dir, 'out.wav');
  const s = new SpeechSession(engine(), request(3), { sink: await WavFileWriter.open(file) });
  assert.deepEqual(await outcome(s), { status: 'done', chunks: 3 });
  const w = new WaveFile(fs.readFileSync(file));
  const samples = w.getSamples(false, Float64Array) as unknown as Float64Array;
  assert.equal(samples.length, 3 * CHUNK_SAMPLES);
  const toks = prepared(3)[1].tokens;
  const want = expectedWaveform([0, ...toks, 0], voiceRow(NEZUMI_BIN, toks.length - 1), 1);
  let worst = 0;
  for (let i = 0; i < want.length; i++) worst = Math.max(worst, Math.abs(samples[CHUNK_SAMPLES + i] / 32767 - want[i]));
  assert.ok(worst < 2 / 32767, `chunk 1 deviates by ${worst}`);

  const gone = path.join(dir, 'cancelled.wav');
  const c = new SpeechSession(engine(), request(6), { sink: await WavFileWriter.open(gone) }, { onStarted: (i) => i === 1 && c.cancel() });
  assert.deepEqual(await outcome(c), { status: 'cancelled' });
  assert.deepEqual(fs.readdirSync(dir), ['out.wav']);
});

test('replace(): the old reading ends as replaced, the player is silenced, and the new text plays on the same player', async () => {
  const player = new ClockPlayer({ rate: 4 });
  const e = engine();
  let next: SpeechSession | undefined;
  const first = new SpeechSession(e, request(6), { player }, {
    onStarted: (i) => {
      if (i === 1 && !next) next = first.replace(request(2, 5), {});
    },
  });
  assert.deepEqual(await outcome(first), { status: 'replaced' });
  assert.ok(next);
  assert.deepEqual(await outcome(next!), { status: 'done', chunks: 2 });
  assert.notEqual(next!.id, first.id);
  assert.deepEqual(indices(player.received, next!.id), [0, 1]);
  const stop = player.log.indexOf('stop');
  const firstOfNext = player.log.indexOf(`enqueue ${next!.id}/0`);
  assert.ok(stop >= 0 && stop < firstOfNext, player.log.join(','));
  assert.ok(indices(player.received, first.id).length < 6, 'the old reading did not play to its end');
});

test('pause before the player is ready: nothing plays until resume; a player that cannot start ends with a player error', async () => {
  const player = new ClockPlayer({ rate: 10 });
  let ready!: (p: Player) => void;
  const started: number[] = [];
  const s = new SpeechSession(engine(), request(3), { player: new Promise<Player>((r) => (ready = r)) }, { onStarted: (i) => started.push(i) });
  s.pause();
  await sleep(200);
  ready(player);
  await sleep(400);
  assert.deepEqual(started, []);
  assert.equal(player.log[0], 'pause');
  assert.ok(s.isPaused);
  s.resume();
  assert.deepEqual(await outcome(s), { status: 'done', chunks: 3 });
  assert.deepEqual(started, [0, 1, 2]);

  const none = new SpeechSession(engine(), request(3), { player: Promise.reject(new Error('no audio device')) });
  assert.deepEqual(await outcome(none), { status: 'error', source: 'player', message: 'no audio device' });
});

test('an engine error ends the session with its code, and the player is silenced', async () => {
  const player = new ClockPlayer();
  const s = new SpeechSession(engine(), { text: 'あ。', assets: { modelPath: path.join(tmpDir(), 'missing.onnx'), voicePath: NEZUMI_BIN } }, { player });
  const o = await outcome(s);
  assert.equal(o.status, 'error');
  assert.equal(o.status === 'error' && o.source, 'engine');
  assert.equal(o.status === 'error' && o.source === 'engine' && o.code, 'model-missing');
  assert.ok(player.log.includes('stop'));
});
