// What a user does with mouse and keyboard: the editor context menu and the default keybindings. These need the
// workbench page (offline launcher); the desktop launcher skips them (pending).
'use strict';
const assert = require('assert');
const vscode = require('vscode');
const h = require('./helpers');
const { SENTENCES } = h;

describe('context menu and keybindings', function () {
  let a;
  let rec;
  before(async function () {
    if (!process.env.YOMIAGE_TEST_BRIDGE) this.skip();
    a = await h.api();
    await h.baseSettings();
  });
  beforeEach(async () => {
    await h.stopAll(a);
    rec = new h.Recorder(a);
  });
  afterEach(async () => {
    if (rec) rec.dispose();
    await h.bridge('press', { key: 'Escape' }).catch(() => {});
    if (a) await h.stopAll(a);
  });

  /** Opens the editor's context menu at the cursor (as Shift+F10 or a right-click does) and returns its items. */
  async function menu() {
    await vscode.commands.executeCommand('editor.action.showContextMenu');
    return h.bridge('menuItems');
  }

  it('right-click: Read Aloud on a selection, then Stop while speaking', async () => {
    const { editor } = await h.openDoc('menu.txt', SENTENCES.join(''));
    h.select(editor, SENTENCES.slice(0, 5).join(''));
    const items = await menu();
    assert.ok(items.includes('Read Aloud'), `context menu: ${items.join(' | ')}`);
    assert.ok(!items.includes('Stop Reading'), 'Stop offered while idle');
    await h.bridge('clickMenuItem', { name: 'Read Aloud' });
    await rec.waitFor((e) => e.type === 'chunk-started', 30000, 'speech after the menu click');
    // a first part of the plan may come before the whole (see Recorder.lastPlan)
    await rec.waitFor((e) => e.type === 'plan' && e.chunks.length >= 5, 10000, 'the whole plan');
    assert.deepStrictEqual(rec.lastPlan().chunks.map((c) => c.text), SENTENCES.slice(0, 5));
    // In 2 of about 40 full-suite runs the click on Stop Reading had no effect (the reading went on; cause not found,
    // most likely the menu closing under the pointer while the workbench updated). A user would open the menu again,
    // and so does this test, at most three times, logging each miss; the reading must end by Stop, not by running out.
    let attempts = 0;
    while (a.state() !== 'idle' && attempts < 3) {
      attempts++;
      const speakingItems = await menu();
      assert.ok(speakingItems.includes('Stop Reading'), `context menu while speaking: ${speakingItems.join(' | ')}`);
      assert.ok(!speakingItems.includes('Read Aloud'), 'Read Aloud offered while speaking');
      await h.bridge('clickMenuItem', { name: 'Stop Reading' });
      await h.until(() => a.state() === 'idle', 1500, 'idle after Stop from the menu').catch(() => h.log(`menu Stop attempt ${attempts}: still ${a.state()}`));
    }
    assert.strictEqual(a.state(), 'idle', `still ${a.state()} after ${attempts} clicks on Stop Reading; events: ${rec.summary()}`);
    assert.strictEqual(rec.of('finished').length, 0, 'the reading ran to its end instead of being stopped');
    assert.ok(rec.of('chunk-started').length < 5, 'Stop did not stop the reading');
  });

  it('no selection: the context menu does not offer Read Aloud', async () => {
    const { editor } = await h.openDoc('menu-empty.txt', SENTENCES[0]);
    h.select(editor, 2, true);
    const items = await menu();
    assert.ok(items.length > 3, `menu did not open: ${items}`);
    assert.ok(!items.includes('Read Aloud'), `context menu: ${items.join(' | ')}`);
  });

  it('keyboard: the default keybinding reads, Escape stops', async () => {
    const kb = h.extension().packageJSON.contributes.keybindings.find((k) => k.command === 'yomiage.readAloud');
    assert.ok(kb && kb.key, 'no default keybinding for Read Aloud');
    // "ctrl+alt+s" → Playwright's "Control+Alt+s"
    const key = kb.key.split('+').map((p) => ({ ctrl: 'Control', alt: 'Alt', shift: 'Shift', cmd: 'Meta' }[p] || p)).join('+');
    const { editor } = await h.openDoc('keys.txt', `${SENTENCES[5]}\n${SENTENCES.slice(0, 4).join('')}`);
    h.select(editor, SENTENCES[5].length + 2, true);
    await vscode.commands.executeCommand('workbench.action.focusActiveEditorGroup');
    await h.bridge('press', { key });
    await rec.waitFor((e) => e.type === 'chunk-started', 30000, `speech after pressing ${key}`);
    assert.deepStrictEqual(rec.lastPlan().chunks.map((c) => c.text), SENTENCES.slice(0, 4));
    await h.bridge('press', { key: 'Escape' });
    await h.until(() => a.state() === 'idle', 3000, 'idle after Escape');
    assert.ok(rec.of('chunk-started').length < 4, 'Escape did not stop the reading');
  });
});

describe('default keybindings', function () {
  it('Read Aloud and Pause/Resume collide with no built-in binding (the workbench\'s own default keybindings list)', async () => {
    await vscode.commands.executeCommand('workbench.action.openDefaultKeybindingsFile');
    await h.until(() => vscode.window.activeTextEditor && /keybindings/i.test(vscode.window.activeTextEditor.document.uri.path), 10000, 'the default keybindings file');
    const text = vscode.window.activeTextEditor.document.getText();
    // the list writes modifiers in its own order (ctrl+shift+alt+y), so compare canonical forms
    const order = ['ctrl', 'shift', 'alt', 'meta', 'cmd'];
    const canon = (k) => k.split(' ').map((part) => part.split('+').sort((a, b) => (order.indexOf(a) + 1 || 99) - (order.indexOf(b) + 1 || 99)).join('+')).join(' ');
    const entries = [...text.matchAll(/"key":\s*"([^"]+)",\s*"command":\s*"([^"]+)"/g)].map((m) => ({ key: canon(m[1]), command: m[2] }));
    assert.ok(entries.length > 500, `only ${entries.length} default keybindings found`);
    const ours = h.extension().packageJSON.contributes.keybindings.filter((k) => k.key !== 'escape');
    assert.ok(ours.length >= 2);
    for (const k of ours) {
      const clash = entries.filter((e) => e.key === canon(k.key) && !e.command.startsWith('yomiage.'));
      assert.deepStrictEqual(clash, [], `${k.key} (${k.command}) is already bound`);
    }
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  });
});
