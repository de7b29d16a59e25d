/**
 * Accents in the user dictionary (`読み上げ: ヨミアゲ@0`): checked with the dictionary, ignored by Kokoro's G2P, and
 * applied to a VOICEVOX-compatible engine's query (never registered in the engine) — against the loopback fake engine
 * (test/support/fakeVoicevox.ts), whose "analysis" gives every phrase accent 1 and whose /mora_data recomputes the
 * pitch from the accent (low 5.0, high 5.8).
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { checkUserDictionary } from '../../../src/core/g2p/userDictionary';
import { splitAccent, splitMoras } from '../../../src/core/g2p/accent';
import { loadG2P } from '../../../src/core/g2p';
import { applyAccents, type AccentPhrase } from '../../../src/core/engine/voicevox/accent';
import { VoicevoxEngine } from '../../../src/core/engine/voicevox/engine';
import { SpeechSession } from '../../../src/core/speech/session';
import type { AudioSink } from '../../../src/core/speech/sink';
import { FakeVoicevox, fakePhrases, type FakePhrase } from '../../support/fakeVoicevox';

const fakes: FakeVoicevox[] = [];
after(async () => {
  await Promise.all(fakes.map((f) => f.close()));
});

const sink = (): AudioSink => ({ write: () => {}, finish: async () => {}, abort: () => {} });

/** Reads `text` through the fake engine with `dict`; returns the fake (its requests). */
async function speak(text: string, dict: Record<string, string>): Promise<FakeVoicevox> {
  const f = await FakeVoicevox.start();
  fakes.push(f);
  const s = new SpeechSession(new VoicevoxEngine({ url: f.url }), { text, voice: '3', userDictionary: dict }, { sink: sink() });
  const o = await s.ended;
  assert.equal(o.status, 'done', JSON.stringify(o));
  return f;
}

/** Each phrase of the query sent to /synthesis: its morae, accent and pitch pattern (L/H). */
function synthesised(f: FakeVoicevox): Array<{ moras: string; accent: number; pitch: string }> {
  const q = f.requests.find((r) => r.path === '/synthesis')!.query!;
  return q.accent_phrases.map((p: FakePhrase) => ({
    moras: p.moras.map((m) => m.text).join(' '),
    accent: p.accent,
    pitch: p.moras.map((m) => (m.pitch > 5.4 ? 'H' : 'L')).join(''),
  }));
}

test('a reading may end with @N (N up to its number of morae); a bad one is an error naming the word', () => {
  assert.deepEqual(splitAccent('ヨミアゲ@0'), { kana: 'ヨミアゲ', accent: 0 });
  assert.deepEqual(splitMoras('キャッシュ'), ['キャ', 'ッ', 'シュ']);
  assert.deepEqual(checkUserDictionary({ 読み上げ: 'ヨミアゲ@0', 珈琲: 'コーヒー@3', 名前: 'なまえ' }), { 読み上げ: 'ヨミアゲ@0', 珈琲: 'コーヒー@3', 名前: 'なまえ' });
  // キャッシュ is 3 morae (キャ ッ シュ): @3 is the last one, @4 is past the word
  assert.doesNotThrow(() => checkUserDictionary({ キャッシュ: 'キャッシュ@3' }));
  const bad: [Record<string, string>, RegExp][] = [
    [{ キャッシュ: 'キャッシュ@4' }, /"キャッシュ" has the accent @4 past its last mora \(it has 3\)/],
    [{ 読み上げ: 'ヨミアゲ@5' }, /"読み上げ" has the accent @5 past its last mora \(it has 4\)/],
    [{ 読み上げ: 'ヨミアゲ@x' }, /"読み上げ" must be kana, found "@x"/],
    [{ 読み上げ: '@0' }, /"読み上げ" is empty/],
  ];
  for (const [dict, re] of bad) assert.throws(() => checkUserDictionary(dict, 'user dictionary'), re, JSON.stringify(dict));
});

test('Kokoro takes no accent: the reading is used without its @N', async () => {
  const withAccent = await loadG2P({ userDictionary: { 読み上げ: 'よみあげ@0' } });
  const plain = await loadG2P({ userDictionary: { 読み上げ: 'よみあげ' } });
  const r = withAccent.convert('読み上げ');
  assert.equal(r.kana, 'ヨミアゲ');
  assert.ok(!r.phonemes.includes('@'));
  assert.equal(r.phonemes, plain.convert('読み上げ').phonemes);
});

test('flat (@0): the phrase of the word is flat to its end, particle included, and the engine recomputed its pitch', async () => {
  const f = await speak('読み上げを始める。', { 読み上げ: 'ヨミアゲ@0' });
  assert.deepEqual(f.queriedTexts, ['ヨミアゲを始める。']);
  assert.deepEqual(f.requests.map((r) => r.path), ['/audio_query', '/mora_data', '/synthesis']);
  // ヨミアゲを: 5 morae, flat = accent 5 (no fall inside the phrase): low then high to the end
  assert.deepEqual(synthesised(f), [
    { moras: 'ヨ ミ ア ゲ オ', accent: 5, pitch: 'LHHHH' },
    { moras: '始 メ ル', accent: 1, pitch: 'HLL' },
  ]);
});

test('@k: the pitch falls after mora k; every occurrence of the word gets it', async () => {
  const f = await speak('読み上げ、読み上げ。', { 読み上げ: 'よみあげ@2' });
  assert.deepEqual(synthesised(f), [
    { moras: 'ヨ ミ ア ゲ', accent: 2, pitch: 'LHLL' },
    { moras: 'ヨ ミ ア ゲ', accent: 2, pitch: 'LHLL' },
  ]);
  assert.equal(f.requests.find((r) => r.path === '/synthesis')!.query!.accent_phrases[0].pause_mora?.vowel, 'pau', 'the pause after 、 is kept');
});

test('a long vowel written ー matches the morae the engine writes as vowels (コーヒー → コ オ ヒ イ)', async () => {
  const f = await speak('珈琲を飲む。', { 珈琲: 'コーヒー@3' });
  assert.deepEqual(f.queriedTexts, ['コーヒーを飲む。']);
  assert.deepEqual(synthesised(f)[0], { moras: 'コ オ ヒ イ オ', accent: 3, pitch: 'LHHLL' });
});

test('an engine without POST /mora_data: one warning, the words keep its own accent, the reading goes on', async () => {
  const f = await FakeVoicevox.start({ noMoraData: true });
  fakes.push(f);
  const warnings: string[] = [];
  const s = new SpeechSession(new VoicevoxEngine({ url: f.url }), { text: '読み上げ。読み上げ。', voice: '3', userDictionary: { 読み上げ: 'ヨミアゲ@0' } }, { sink: sink() }, { onWarning: (m) => warnings.push(m) });
  const o = await s.ended;
  assert.equal(o.status, 'done', JSON.stringify(o));
  // asked once, then not again for the second sentence
  assert.deepEqual(f.requests.map((r) => r.path), ['/audio_query', '/mora_data', '/synthesis', '/audio_query', '/synthesis']);
  assert.equal(warnings.length, 1, warnings.join(' | '));
  assert.match(warnings[0], /^accents are not applied: the engine at http:\/\/127\.0\.0\.1:\d+\/? answered HTTP 404 to POST \/mora_data/);
  // what the engine analysed went to /synthesis unchanged
  assert.deepEqual(f.requests.filter((r) => r.path === '/synthesis')[0].query!.accent_phrases, fakePhrases('ヨミアゲ。'));
});

test('words without @N are left as the engine analysed them, and /mora_data is not called', async () => {
  const f = await speak('明日は晴れ、珈琲を飲む。', { 明日: 'あした', 珈琲: 'コーヒー' });
  assert.deepEqual(f.requests.map((r) => r.path), ['/audio_query', '/synthesis']);
  const sent = f.requests.find((r) => r.path === '/synthesis')!.query!.accent_phrases;
  assert.deepEqual(sent, fakePhrases('アシタは晴れ、コーヒーを飲む。'), 'the query went back as the engine made it');
});

/** A phrase of morae (space-separated) with an accent. */
function phrase(moras: string, accent: number, pause = false): AccentPhrase {
  return { moras: moras.split(' ').map((text) => ({ text })), accent, pause_mora: pause ? { text: '、' } : null, is_interrogative: false };
}
const show = (ps: AccentPhrase[] | undefined) => ps?.map((p) => `${p.moras.map((m) => m.text).join('')}/${p.accent}${p.pause_mora ? '、' : ''}`);

test('a word the engine put mid-phrase or cut in two becomes one phrase of its own; others are untouched', () => {
  // お + コーヒー in one phrase, and the word cut by the engine: オコオ | ヒイ、
  const got = applyAccents([phrase('オ コ オ', 2), phrase('ヒ イ', 1, true), phrase('ノ ム', 1)], [{ kana: 'コーヒー', accent: 3 }]);
  assert.deepEqual(show(got), ['オ/1', 'コオヒイ/3、', 'ノム/1']);
  // flat word followed by a particle in the same phrase: the whole phrase stays high
  assert.deepEqual(show(applyAccents([phrase('ヨ ミ ア ゲ ガ', 1)], [{ kana: 'ヨミアゲ', accent: 0 }])), ['ヨミアゲガ/5']);
  // ウ after an o-mora sounds as the long vowel: トウキョウ matches the engine's ト オ キョ オ
  assert.deepEqual(show(applyAccents([phrase('ト オ キョ オ', 1)], [{ kana: 'トウキョウ', accent: 0 }])), ['トオキョオ/4']);
  // a word the engine read otherwise, or an accent it already has: nothing to change
  assert.equal(applyAccents([phrase('ヨ ミ テ', 1)], [{ kana: 'ヨミアゲ', accent: 0 }]), undefined);
  assert.equal(applyAccents([phrase('ヨ ミ ア ゲ', 2)], [{ kana: 'ヨミアゲ', accent: 2 }]), undefined);
  // words are found in order: the second word is looked for after the first
  assert.deepEqual(show(applyAccents([phrase('ア メ', 1), phrase('ア メ', 1)], [{ kana: 'アメ', accent: 1 }, { kana: 'アメ', accent: 0 }])), ['アメ/1', 'アメ/2']);
});
