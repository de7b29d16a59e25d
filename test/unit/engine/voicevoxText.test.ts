/**
 * What a VOICEVOX-compatible engine is sent: what Kokoro would read (the same normalisation, core/text), never the
 * raw source — no Markdown or comment markup, link targets, backticks or stray symbols — while the chunks keep their
 * offsets into the source for the highlight. Checked with the loopback fake engine, which records the `text` of each
 * POST /audio_query. The expected texts are written by hand.
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { VoicevoxEngine } from '../../../src/core/engine/voicevox/engine';
import { SpeechSession } from '../../../src/core/speech/session';
import type { AudioSink } from '../../../src/core/speech/sink';
import { FakeVoicevox } from '../../support/fakeVoicevox';

const fakes: FakeVoicevox[] = [];
after(async () => {
  await Promise.all(fakes.map((f) => f.close()));
});

const sink = (): AudioSink => ({ write: () => {}, finish: async () => {}, abort: () => {} });

/** Reads `text` through the fake engine; the texts it was sent, and the source text of each chunk. */
async function read(text: string, languageId?: string, userDictionary?: Record<string, string>): Promise<{ sent: string[]; source: string[] }> {
  const f = await FakeVoicevox.start();
  fakes.push(f);
  const s = new SpeechSession(new VoicevoxEngine({ url: f.url }), { text, voice: '3', languageId, userDictionary }, { sink: sink() });
  const o = await s.ended;
  assert.equal(o.status, 'done', JSON.stringify(o));
  return { sent: f.queriedTexts, source: s.chunks.map((c) => text.slice(c.start, c.end)) };
}

test('Markdown: headings, emphasis, links, inline code, lists and quotes are sent as their words; fences not at all', async () => {
  const md = '# 見出し\n\n**太字**の文です。\n\n[テキスト](https://example.com/page)を見る。\n\n`設定`を開く。\n\n```ts\n// 注釈\n```\n\n- 項目です。\n> 引用です。';
  const { sent, source } = await read(md, 'markdown');
  assert.deepEqual(sent, ['見出し', '太字の文です。', 'テキストを見る。', '設定を開く。', '注釈', '項目です。', '引用です。']);
  // the highlight still covers the source as written, markup included
  assert.deepEqual(source, ['# 見出し', '**太字**の文です。', '[テキスト](https://example.com/page)を見る。', '`設定`を開く。', '// 注釈', '- 項目です。', '> 引用です。']);
});

test('code comments: the markers are not sent, nor symbols Kokoro does not voice; code is read as Kokoro reads it', async () => {
  const { sent } = await read('// コメントです。\n/* ブロック */\nconst a = 1; // 行末の注釈。', 'typescript');
  // const a = 1 is read コンスト エー イコール イチ; the ; is a pause (、), the trailing // is silent
  assert.deepEqual(sent, ['コメントです。', 'ブロック', 'コンストエーイコールイチ、行末の注釈。']);
  assert.deepEqual((await read('# 注釈です。', 'python')).sent, ['注釈です。']);
  // without a language (the CLI), the common markers of every family are recognised
  assert.deepEqual((await read('# 見出し\n// メモ。')).sent, ['見出し', 'メモ。']);
});

test('numbers with counters and ruby are sent as their readings; a line with nothing left to say sends nothing', async () => {
  // 3本 is さんぼん; 漢字《かんじ》 is read once, as its ruby
  assert.deepEqual((await read('3本のペン。漢字《かんじ》を読む。')).sent, ['サンボンのペン。', 'かんじを読む。']);
  const { sent, source } = await read('---\n\n本文です。', 'markdown');
  assert.deepEqual(sent, ['本文です。']);
  assert.deepEqual(source, ['本文です。']);
});

test('the user dictionary applies to the source words, then the rest is normalised', async () => {
  assert.deepEqual((await read('**太字**です。', 'markdown', { 太字: 'ふとじ' })).sent, ['フトジです。']);
  // a word made of a symbol alone is said when the dictionary gives it a reading
  assert.deepEqual((await read('※\n本文。', undefined, { '※': 'こめじるし' })).sent, ['コメジルシ', '本文。']);
});
