/**
 * The VOICEVOX-compatible HTTP engine (src/core/engine/voicevox) through SpeechSession, against a real loopback HTTP
 * server that implements the engine's endpoints (test/support/fakeVoicevox.ts; its header names the OpenAPI schema
 * version followed). The fake's audio is a tone whose frequency encodes the length of the text it was given, so the
 * order of the sentences and the speed are read back from the sound itself.
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { VoicevoxEngine } from '../../../src/core/engine/voicevox/engine';
import { SpeechSession, type SpeechOutcome } from '../../../src/core/speech/session';
import type { AudioSink } from '../../../src/core/speech/sink';
import type { AudioChunk } from '../../../src/core/audio/player';
import { SAMPLE_RATE } from '../../../src/core/engine/protocol';
import { FakeVoicevox, MORA_SECONDS, estimateHz, toneHz, type FakeEngineOptions } from '../../support/fakeVoicevox';
import { ClockPlayer } from '../speech/clockPlayer';

const TEXT = '今日は晴れ。明日は雨が降るでしょう。おしまい！';
/** The sentences as the splitter must cut them, with their lengths in characters (the fake's mora count). */
const SENTENCES = ['今日は晴れ。', '明日は雨が降るでしょう。', 'おしまい！'];

const fakes: FakeVoicevox[] = [];
async function fake(opts: FakeEngineOptions = {}): Promise<FakeVoicevox> {
  const f = await FakeVoicevox.start(opts);
  fakes.push(f);
  return f;
}
after(async () => {
  await Promise.all(fakes.map((f) => f.close()));
});

/** A sink that keeps what it was given (a file's stand-in: the WAV writer is tested on its own). */
function memorySink(): AudioSink & { chunks: AudioChunk[]; finished: boolean; aborted: boolean } {
  const s = {
    chunks: [] as AudioChunk[],
    finished: false,
    aborted: false,
    write: (c: AudioChunk) => void s.chunks.push(c),
    finish: async () => void (s.finished = true),
    abort: () => void (s.aborted = true),
  };
  return s;
}

async function outcome(s: SpeechSession, ms = 20000): Promise<SpeechOutcome> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`session did not end in ${ms} ms`)), ms)));
  try {
    return await Promise.race([s.ended, late]);
  } finally {
    clearTimeout(timer);
  }
}

function gate(): { wait: Promise<void>; open(): void } {
  let open!: () => void;
  const wait = new Promise<void>((r) => (open = r));
  return { wait, open };
}

test('voices: every talk style of every speaker, id = style id, singing styles left out', async () => {
  const f = await fake();
  const voices = await new VoicevoxEngine({ url: f.url }).voices();
  assert.deepEqual(voices, [
    { id: '3', name: 'ずんだもん', style: 'ノーマル', engine: f.url },
    { id: '1', name: 'ずんだもん', style: 'あまあま', engine: f.url },
    { id: '2', name: '四国めたん', style: 'ノーマル', engine: f.url },
  ]);
});

test('one request per sentence, in order, with offsets into the text; 48 kHz audio arrives as 24 kHz of the same pitch', async () => {
  const f = await fake({ defaultSamplingRate: 48000 });
  const sink = memorySink();
  const s = new SpeechSession(new VoicevoxEngine({ url: f.url }), { text: TEXT, voice: '3' }, { sink });
  const o = await outcome(s);
  assert.deepEqual(o, { status: 'done', chunks: 3 });
  assert.deepEqual(f.queriedTexts, SENTENCES);
  assert.equal(f.synthesisCalls, 3);
  assert.deepEqual(
    s.chunks.map((c) => TEXT.slice(c.start, c.end)),
    SENTENCES,
  );
  assert.ok(sink.finished);
  assert.deepEqual(sink.chunks.map((c) => c.index), [0, 1, 2]);
  SENTENCES.forEach((text, i) => {
    const c = sink.chunks[i];
    assert.equal(c.sampleRate, SAMPLE_RATE);
    assert.equal(c.samples.length, Math.round(text.length * MORA_SECONDS * SAMPLE_RATE), `chunk ${i} length`);
    const hz = estimateHz(c.samples, SAMPLE_RATE);
    assert.ok(Math.abs(hz - toneHz(text.length)) < 5, `chunk ${i}: ${hz} Hz, expected ${toneHz(text.length)}`);
  });
});

test('speedScale follows the speed: at 2.0 every sentence is half as long', async () => {
  const f = await fake();
  const sink = memorySink();
  const s = new SpeechSession(new VoicevoxEngine({ url: f.url }), { text: TEXT, voice: '2', speed: 2 }, { sink });
  assert.equal((await outcome(s)).status, 'done');
  assert.deepEqual(f.requests.filter((r) => r.path === '/synthesis').map((r) => [r.speedScale, r.speaker]), [[2, 2], [2, 2], [2, 2]]);
  assert.equal(sink.chunks[0].samples.length, Math.round((SENTENCES[0].length * MORA_SECONDS * SAMPLE_RATE) / 2));
});

test('a slow engine: the first sentence is heard before the second has been synthesised', async () => {
  const second = gate();
  const f = await fake({ beforeSynthesis: (n) => (n === 1 ? second.wait : undefined) });
  const player = new ClockPlayer({ rate: 20 });
  const started: number[] = [];
  let synthesisedWhenFirstStarted = -1;
  const s = new SpeechSession(new VoicevoxEngine({ url: f.url }), { text: TEXT, voice: '3' }, { player }, {
    onStarted: (i) => {
      started.push(i);
      if (i === 0) {
        synthesisedWhenFirstStarted = player.received.length;
        second.open();
      }
    },
  });
  assert.equal((await outcome(s)).status, 'done');
  assert.equal(synthesisedWhenFirstStarted, 1, 'only the first sentence existed when it started playing');
  assert.deepEqual(started, [0, 1, 2]);
  assert.deepEqual(player.received.map((c) => Math.round(estimateHz(c.samples, SAMPLE_RATE) / 10) * 10), SENTENCES.map((t) => toneHz(t.length)));
});

test('cancel mid-synthesis: the request in flight is dropped, nothing after it is asked for, the partial file is removed', async () => {
  const entered = gate();
  const f = await fake({ beforeSynthesis: (n) => (n === 1 ? (entered.open(), new Promise<void>(() => undefined)) : undefined) });
  const sink = memorySink();
  const s = new SpeechSession(new VoicevoxEngine({ url: f.url }), { text: TEXT, voice: '3' }, { sink });
  await entered.wait; // the engine is synthesising the second sentence
  const t0 = Date.now();
  s.cancel();
  assert.deepEqual(await outcome(s), { status: 'cancelled' });
  assert.ok(Date.now() - t0 < 1000, 'cancel did not wait for the engine');
  await new Promise((r) => setTimeout(r, 200));
  assert.deepEqual(f.queriedTexts, SENTENCES.slice(0, 2), 'the third sentence was never sent');
  assert.deepEqual(sink.chunks.map((c) => c.index), [0]);
  assert.ok(sink.aborted && !sink.finished);
});

for (const [fault, expected] of [
  ['bad-wav', /sent audio that is not a usable WAV \(no fmt chunk\)/],
  ['status-500', /answered HTTP 500 to POST \/synthesis: Internal Server Error/],
] as const) {
  test(`${fault} on the second sentence: one message naming the URL, the reading stops, no file`, async () => {
    const f = await fake({ synthesisFault: fault, faultFrom: 1 });
    const sink = memorySink();
    const s = new SpeechSession(new VoicevoxEngine({ url: f.url }), { text: TEXT, voice: '3' }, { sink });
    const o = await outcome(s);
    assert.equal(o.status, 'error');
    assert.ok(o.status === 'error' && o.source === 'engine');
    assert.equal(o.code, 'engine-failed');
    assert.ok(o.message.includes(f.url), o.message);
    assert.match(o.message, expected);
    assert.deepEqual(f.queriedTexts, SENTENCES.slice(0, 2));
    assert.ok(sink.aborted && !sink.finished);
  });
}

test('an engine that never answers: the deadline ends the reading with a message naming the URL', async () => {
  const f = await fake({ synthesisFault: 'never' });
  const s = new SpeechSession(new VoicevoxEngine({ url: f.url, synthTimeoutMs: 300 }), { text: TEXT, voice: '3' }, { sink: memorySink() });
  const o = await outcome(s, 5000);
  assert.ok(o.status === 'error' && o.source === 'engine');
  assert.equal(o.code, 'engine-failed');
  assert.equal(o.message, `the engine at ${f.url} did not answer POST /synthesis within 0.3 s`);
});

test('a closed port: engine-down, with the URL', async () => {
  const f = await FakeVoicevox.start();
  const url = f.url;
  await f.close();
  const s = new SpeechSession(new VoicevoxEngine({ url }), { text: TEXT, voice: '3' }, { sink: memorySink() });
  const o = await outcome(s);
  assert.ok(o.status === 'error' && o.source === 'engine');
  assert.equal(o.code, 'engine-down');
  assert.equal(o.message, `no VOICEVOX-compatible engine is running at ${url} (connection refused)`);
  await assert.rejects(new VoicevoxEngine({ url }).voices(), (e: Error) => e.message.includes(url));
});

test('an unknown style: the engine refuses it (422) and the message says so', async () => {
  const f = await fake();
  const s = new SpeechSession(new VoicevoxEngine({ url: f.url }), { text: TEXT, voice: '99' }, { sink: memorySink() });
  const o = await outcome(s);
  assert.ok(o.status === 'error' && o.source === 'engine');
  assert.match(o.message, /HTTP 422 to POST \/audio_query/);
});

test('the user dictionary: the word is sent as its katakana reading; nothing is written into the engine', async () => {
  const f = await fake();
  const s = new SpeechSession(new VoicevoxEngine({ url: f.url }), { text: '明日は晴れ。', voice: '3', userDictionary: { 明日: 'あした' } }, { sink: memorySink() });
  assert.equal((await outcome(s)).status, 'done');
  assert.deepEqual(f.queriedTexts, ['アシタは晴れ。']);
  assert.deepEqual(f.requests.map((r) => `${r.method} ${r.path}`), ['POST /audio_query', 'POST /synthesis']);
});

test('nothing speakable: empty-text, and no request at all', async () => {
  const f = await fake();
  const s = new SpeechSession(new VoicevoxEngine({ url: f.url }), { text: '…… ――', voice: '3' }, { sink: memorySink() });
  const o = await outcome(s);
  assert.ok(o.status === 'error' && o.source === 'engine' && o.code === 'empty-text');
  assert.equal(f.requests.length, 0);
});
