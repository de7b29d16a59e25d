// Read Aloud in the editor: selection, current line, empty line, stop, replace, pause, status bar, follow-along.
'use strict';
const assert = require('assert');
const fs = require('fs');
const path = require('path');
const vscode = require('vscode');
const h = require('./helpers');
const { SENTENCES } = h;

/**
 * Document ranges [start, end) of a plan's chunks. Plan offsets are offsets into the text that was read (which
 * starts at document offset `base`); chunk-started events and highlight() carry document offsets.
 */
const ranges = (plan, base) => plan.chunks.map((c) => ({ start: base + c.start, end: base + c.end }));
const isPlayedEvent = (e) => e.type === 'player' && e.event && (e.event.type === 'played' || e.event === 'played');

describe('read aloud', function () {
  let a;
  let rec;
  before(async () => {
    a = await h.api();
    await h.baseSettings();
  });
  beforeEach(async () => {
    await h.stopAll(a);
    rec = new h.Recorder(a);
  });
  afterEach(async () => {
    rec.dispose();
    await h.stopAll(a);
  });

  it('reads the selection: plans exactly the selected sentences, streams them to the player, which reports playback', async () => {
    const text = SENTENCES.slice(0, 4).join('');
    const { doc, editor } = await h.openDoc('selection.txt', text);
    const sel = h.select(editor, SENTENCES[1] + SENTENCES[2]);
    await vscode.commands.executeCommand('yomiage.readAloud');
    await rec.waitFor((e) => e.type === 'finished', 60000, 'the end of speech');
    const plan = rec.lastPlan();
    assert.deepStrictEqual(plan.chunks.map((c) => c.text), [SENTENCES[1], SENTENCES[2]]);
    const docText = doc.getText();
    for (const r of ranges(plan, sel.start)) assert.ok(r.start >= sel.start && r.end <= sel.end, 'chunk inside the selection');
    assert.deepStrictEqual(ranges(plan, sel.start).map((r) => docText.slice(r.start, r.end)), [SENTENCES[1], SENTENCES[2]]);
    const started = rec.of('chunk-started');
    assert.deepStrictEqual(started.map((e) => e.index), [0, 1], 'each chunk started once, in order');
    assert.deepStrictEqual(started.map((e) => ({ start: e.start, end: e.end })), ranges(plan, sel.start),
      'chunk-started carries the document range of the chunk');
    assert.deepStrictEqual(rec.of('error'), []);
    const states = rec.of('state').map((e) => e.state);
    assert.ok(states.includes('speaking'), `states: ${states}`);
    assert.strictEqual(a.state(), 'idle');
    if (h.playback === 'webview') {
      assert.strictEqual(a.playerKind(), 'webview');
      const played = rec.events.filter(isPlayedEvent);
      assert.ok(played.length >= 1, `the webview reported no playback; player events: ${JSON.stringify(rec.of('player')).slice(0, 800)}`);
      assert.ok(!rec.of('player').some((e) => e.event && (e.event.type === 'blocked' || e.event === 'blocked')),
        'the webview refused to play although the test browser allows autoplay');
    }
  });

  it('reads the current line when nothing is selected', async () => {
    const lines = [SENTENCES[0], SENTENCES[3] + SENTENCES[4], SENTENCES[5]];
    const { doc, editor } = await h.openDoc('line.txt', lines.join('\n'));
    h.select(editor, lines[0].length + 1 + 3, true); // caret inside the second line
    await vscode.commands.executeCommand('yomiage.readAloud');
    await rec.waitFor((e) => e.type === 'finished', 60000, 'the end of speech');
    const plan = rec.lastPlan();
    assert.deepStrictEqual(plan.chunks.map((c) => c.text), [SENTENCES[3], SENTENCES[4]]);
    const lineStart = lines[0].length + 1;
    assert.deepStrictEqual(ranges(plan, lineStart), [
      { start: lineStart, end: lineStart + SENTENCES[3].length },
      { start: lineStart + SENTENCES[3].length, end: lineStart + lines[1].length },
    ]);
    const r1 = ranges(plan, lineStart)[1];
    assert.strictEqual(doc.getText().slice(r1.start, r1.end), SENTENCES[4]);
  });

  it('says so on an empty line, and speaks nothing', async () => {
    const { editor } = await h.openDoc('empty.txt', `${SENTENCES[0]}\n\n${SENTENCES[1]}`);
    h.select(editor, SENTENCES[0].length + 1, true); // the empty second line
    await vscode.commands.executeCommand('notifications.clearAll');
    await vscode.commands.executeCommand('yomiage.readAloud');
    await h.sleep(1500);
    assert.deepStrictEqual(rec.of('plan'), [], 'an empty line produced a plan');
    assert.deepStrictEqual(rec.of('chunk-started'), []);
    assert.strictEqual(a.state(), 'idle');
    const notices = rec.of('notice').map((e) => e.message);
    assert.ok(notices.some((t) => /empty|空/.test(t)), `no notice about the empty line: ${JSON.stringify(notices)}`);
    const shown = await h.notifications(); // the workbench's own list, where the launcher gives access to it
    if (shown) {
      assert.ok(shown.some((t) => /empty|空/.test(t)), `no information message about the empty line: ${JSON.stringify(shown)}`);
      h.log('empty line message:', shown.join(' | '));
    }
  });

  it('Stop silences at once: state idle, no further chunk, highlight cleared', async () => {
    const { editor } = await h.openDoc('stop.txt', SENTENCES.join(''));
    h.select(editor, 0, true);
    await vscode.commands.executeCommand('yomiage.readAloud');
    await rec.waitFor((e) => e.type === 'chunk-started' && e.index === 0, 30000, 'the first chunk');
    const t0 = Date.now();
    await vscode.commands.executeCommand('yomiage.stop');
    await h.until(() => a.state() === 'idle', 2000, 'idle after Stop');
    h.log(`stop → idle in ${Date.now() - t0} ms`);
    const n = rec.of('chunk-started').length;
    await h.sleep(2000);
    assert.strictEqual(rec.of('chunk-started').length, n, 'a chunk started after Stop');
    assert.strictEqual(a.highlight(), undefined, 'the follow-along highlight stays after Stop');
    assert.ok(rec.of('chunk-started').length < SENTENCES.length, 'everything was read although Stop came after the first chunk');
  });

  it('a second Read Aloud during speech replaces the first', async () => {
    const first = SENTENCES.slice(0, 5).join('');
    const { doc, editor } = await h.openDoc('replace.txt', `${first}\n${SENTENCES[5]}`);
    h.select(editor, first);
    await vscode.commands.executeCommand('yomiage.readAloud');
    await rec.waitFor((e) => e.type === 'chunk-started' && e.index === 0, 30000, 'the first chunk of the first text');
    const secondLine = first.length + 1;
    h.select(editor, secondLine, true);
    const from = rec.events.length;
    await vscode.commands.executeCommand('yomiage.readAloud');
    const plan2 = await rec.waitFor((e) => e.type === 'plan', 30000, 'the second plan', from);
    assert.deepStrictEqual(plan2.chunks.map((c) => c.text), [SENTENCES[5]]); // one sentence: its first plan is whole
    await rec.waitFor((e) => e.type === 'finished', 60000, 'the end of the second text', rec.events.indexOf(plan2));
    const after = rec.events.slice(rec.events.indexOf(plan2)).filter((e) => e.type === 'chunk-started');
    assert.deepStrictEqual(after.map((e) => [e.start, e.end]), [[secondLine, secondLine + SENTENCES[5].length]],
      'only the second text plays after it was requested');
    assert.strictEqual(doc.getText().slice(after[0].start, after[0].end), SENTENCES[5]);
    await h.sleep(1000);
    assert.strictEqual(rec.events.slice(rec.events.indexOf(plan2)).filter((e) => e.type === 'chunk-started').length, 1,
      'the first text resumed after the second');
  });

  it('pauses and resumes; the status bar shows speaking, paused and idle', async () => {
    const idle = await h.statusItems();
    const { editor } = await h.openDoc('pause.txt', SENTENCES.join(''));
    h.select(editor, 0, true);
    await vscode.commands.executeCommand('yomiage.readAloud');
    await rec.waitFor((e) => e.type === 'chunk-started' && e.index === 0, 30000, 'the first chunk');
    const speaking = await h.statusItems();
    await vscode.commands.executeCommand('yomiage.pauseResume');
    await h.until(() => a.state() === 'paused', 2000, 'state paused');
    const n = rec.of('chunk-started').length;
    await h.sleep(100);
    const paused = await h.statusItems();
    await h.sleep(1500);
    assert.strictEqual(rec.of('chunk-started').length, n, 'a chunk started while paused');
    assert.strictEqual(a.state(), 'paused');
    await vscode.commands.executeCommand('yomiage.pauseResume');
    await h.until(() => a.state() === 'speaking', 2000, 'state speaking after resume');
    await rec.waitFor((e) => e.type === 'chunk-started' && e.index === n, 30000, 'the next chunk after resume');
    await h.stopAll(a);
    await h.sleep(300);
    const after = await h.statusItems();
    if (!idle) return; // no workbench bridge (desktop launcher): the API states above are all we can see
    const show = (items) => items.map((i) => `${i.text}`).join(' | ') || '(none)';
    h.log(`status bar: idle "${show(idle)}" speaking "${show(speaking)}" paused "${show(paused)}" after stop "${show(after)}"`);
    assert.ok(speaking.length >= 1, 'no Yomiage status bar item while speaking');
    assert.notStrictEqual(show(speaking), show(idle), 'the status bar looks the same idle and speaking');
    assert.notStrictEqual(show(paused), show(speaking), 'the status bar looks the same speaking and paused');
    assert.strictEqual(show(after), show(idle), 'the status bar did not return to idle after Stop');
  });

  it('the follow-along highlight moves from chunk to chunk and clears at the end', async () => {
    const text = SENTENCES.slice(0, 3).join('');
    const { editor } = await h.openDoc('follow.txt', `${SENTENCES[5]}\n${text}`);
    h.select(editor, SENTENCES[5].length + 1, true);
    const seen = [];
    const poll = setInterval(() => {
      const r = a.highlight();
      const last = seen[seen.length - 1];
      if (r && (!last || last.start !== r.start || last.end !== r.end)) seen.push({ start: r.start, end: r.end });
    }, 20);
    try {
      await vscode.commands.executeCommand('yomiage.readAloud');
      await rec.waitFor((e) => e.type === 'finished', 60000, 'the end of speech');
      const plan = rec.lastPlan();
      assert.strictEqual(plan.chunks.length, 3);
      await h.sleep(200);
      const base = SENTENCES[5].length + 1;
      assert.deepStrictEqual(seen, ranges(plan, base), 'the highlight did not follow the chunks in order');
      assert.deepStrictEqual(seen[1], { start: base + SENTENCES[0].length, end: base + SENTENCES[0].length + SENTENCES[1].length });
      assert.strictEqual(a.highlight(), undefined, 'the highlight stays after the end');
    } finally {
      clearInterval(poll);
    }
  });

  it('shows the player panel during speech (screenshot)', async function () {
    if (h.playback !== 'webview') this.skip(); // the system player has no panel
    await vscode.commands.executeCommand('workbench.action.closeAuxiliaryBar'); // room for the editor and the panel
    const { editor } = await h.openDoc('screenshot.txt', SENTENCES.join('\n'));
    editor.selection = new vscode.Selection(0, 0, 5, 0);
    await vscode.commands.executeCommand('yomiage.readAloud');
    editor.selection = new vscode.Selection(5, 0, 5, 0); // so that the picture shows the highlight, not the selection
    const started = await rec.waitFor((e) => e.type === 'chunk-started' && e.index === 1, 30000, 'the second chunk');
    const shown = await h.bridge('webviews');
    if (!shown) this.skip(); // desktop launcher: no page to look at
    const file = path.join('test-results', 'vscode-player.png');
    const r = await h.bridge('screenshot', { file });
    assert.ok(fs.statSync(r.file).size > 10000, 'the screenshot is empty');
    h.log('webview text:', JSON.stringify(shown).slice(0, 300));
    const chunkText = editor.document.getText().slice(started.start, started.end);
    assert.strictEqual(chunkText, SENTENCES[1]);
    const panel = shown.find((t) => t.includes(chunkText));
    assert.ok(panel, `the player panel does not show the sentence being read: ${JSON.stringify(shown)}`);
    // The panel shows the text being read: all of it, not only the chunks announced first.
    for (const c of rec.lastPlan().chunks) assert.ok(panel.includes(c.text), `the panel lacks "${c.text}": ${JSON.stringify(panel)}`);
  });
});
