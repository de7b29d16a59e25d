import { test } from 'node:test';
import assert from 'node:assert/strict';
import { panelWords, parseFromWebview } from '../../../src/core/audio/webviewProtocol';
import { renderPanelHtml, panelCsp, escapeHtml } from '../../../src/core/audio/webviewHtml';

test('messages from the panel are checked field by field; anything else is dropped', () => {
  assert.deepEqual(parseFromWebview({ type: 'started', id: 2, index: 0 }), { type: 'started', id: 2, index: 0 });
  assert.deepEqual(parseFromWebview({ type: 'played', id: 2, index: 3, extra: 1 }), { type: 'played', id: 2, index: 3 });
  assert.deepEqual(parseFromWebview({ type: 'finished', id: 2 }), { type: 'finished', id: 2 });
  assert.deepEqual(parseFromWebview({ type: 'blocked' }), { type: 'blocked', reason: 'autoplay refused' });
  assert.deepEqual(parseFromWebview({ type: 'userAction', action: 'stop' }), { type: 'userAction', action: 'stop' });
  assert.deepEqual(parseFromWebview({ type: 'error', message: 'x' }), { type: 'error', message: 'x', fatal: false });
  assert.deepEqual(parseFromWebview({ type: 'ready' }), { type: 'ready' });
  assert.deepEqual(parseFromWebview({ type: 'position', id: 2, index: 1, offsetMs: 412 }), { type: 'position', id: 2, index: 1, offsetMs: 412 });
  assert.deepEqual(parseFromWebview({ type: 'position', id: 2, index: 1, offsetMs: 412, at: 1700000000000 }), { type: 'position', id: 2, index: 1, offsetMs: 412, at: 1700000000000 });
  assert.deepEqual(parseFromWebview({ type: 'position', id: 2, index: 1, offsetMs: 412, at: 'now' }), { type: 'position', id: 2, index: 1, offsetMs: 412 }, 'a bad time is dropped, not the report');
  for (const bad of [{ type: 'position', id: 2, index: 1 }, { type: 'position', id: 2, index: 1, offsetMs: -3 },
    { type: 'position', id: 2, index: 1, offsetMs: 'x' }, { type: 'position', id: 2, index: 1, offsetMs: Infinity }]) {
    assert.equal(parseFromWebview(bad), null, JSON.stringify(bad));
  }
  for (const bad of [null, 'started', 7, {}, { type: 'started', id: -1, index: 0 }, { type: 'played', id: 1, index: 1.5 },
    { type: 'finished', id: '1' }, { type: 'userAction', action: 'rewind' }, { type: 'eval', code: '1' }]) {
    assert.equal(parseFromWebview(bad), null, JSON.stringify(bad));
  }
  assert.equal((parseFromWebview({ type: 'blocked', reason: 'r'.repeat(2000) }) as { reason: string }).reason.length, 500);
});

test('panel HTML: strict CSP with the nonce, the nonce on the one script, strings escaped', () => {
  const html = renderPanelHtml({
    cspSource: 'https://file+.vscode-resource.vscode-cdn.net',
    nonce: 'abcdefghijklmnopqrstuvwx',
    scriptUri: 'https://x/media/player.js',
    styleUri: 'https://x/media/player.css',
    strings: { stop: '停止 <b>"', enableAudio: 'クリックして音声を有効にする' },
    lang: 'ja',
  });
  const csp = panelCsp('https://file+.vscode-resource.vscode-cdn.net', 'abcdefghijklmnopqrstuvwx');
  assert.equal(
    csp,
    "default-src 'none'; script-src 'nonce-abcdefghijklmnopqrstuvwx'; style-src https://file+.vscode-resource.vscode-cdn.net; media-src blob: data:; img-src https://file+.vscode-resource.vscode-cdn.net",
  );
  assert.ok(html.includes(`content="${escapeHtml(csp)}"`));
  assert.equal(html.match(/<script/g)?.length, 1);
  assert.ok(html.includes('<script nonce="abcdefghijklmnopqrstuvwx" src="https://x/media/player.js"></script>'));
  assert.ok(html.includes('停止 &lt;b&gt;&quot;'));
  assert.ok(!html.includes('<b>'));
  assert.ok(html.includes('<html lang="ja">'));
  assert.ok(html.includes('クリックして音声を有効にする'));
  assert.doesNotMatch(html, /https?:\/\/(?!x\/|file\+)/, 'no remote content');
  assert.throws(() => renderPanelHtml({ cspSource: 'a', nonce: 'short', scriptUri: 's', styleUri: 'c' }), /nonce/);
});

test('the words of a chunk for the panel: offsets moved into the chunk\'s text, times and source kept', () => {
  // 明日は晴れ read from offset 20 of the utterance: 明日 [20,22), は [22,23), 晴れ [23,25)
  const w = (surface: string, start: number, end: number, startMs: number, endMs: number) =>
    ({ surface, reading: '', start, end, startMs, endMs, source: 'duration' as const });
  assert.deepEqual(panelWords([w('明日', 20, 22, 75, 300), w('は', 22, 23, 300, 375), w('晴れ', 23, 25, 375, 600)], 20), {
    words: [
      { start: 0, end: 2, startMs: 75, endMs: 300 },
      { start: 2, end: 3, startMs: 300, endMs: 375 },
      { start: 3, end: 5, startMs: 375, endMs: 600 },
    ],
    wordSource: 'duration',
  });
  assert.deepEqual(panelWords(undefined, 0), {}, 'no word times (an engine voice): nothing for the panel');
  assert.deepEqual(panelWords([], 5), {});
});
