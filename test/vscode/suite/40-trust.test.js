// Workspace trust: a workspace's own .vscode/settings.json may point yomiage.modelPath and yomiage.voiceDirectory
// at files inside the repository. Trusted, those are honoured; untrusted (Restricted Mode), they are ignored and
// Read Aloud uses the user's own model and voices, without an error. The normal launch runs with trust disabled
// (every workspace trusted) and checks the trusted case; `runOffline.js --untrusted` opens a workspace in Restricted
// Mode whose settings the launcher wrote before start-up (YOMIAGE_TEST_UNTRUSTED_WS) and checks the other.
'use strict';
const assert = require('assert');
const fs = require('fs');
const path = require('path');
const vscode = require('vscode');
const h = require('./helpers');

const untrustedRun = !!process.env.YOMIAGE_TEST_UNTRUSTED_WS;

/** A model and a voice folder inside the workspace that must never be used unless the workspace is trusted. */
function workspaceAssets(ws) {
  const dir = path.join(ws, 'repo-assets');
  fs.mkdirSync(path.join(dir, 'voices'), { recursive: true });
  const model = path.join(dir, 'model.onnx');
  fs.writeFileSync(model, 'not a model: chosen by the repository\n');
  fs.writeFileSync(path.join(dir, 'voices', 'jf_alpha.bin'), 'not a voice');
  return { model, voices: path.join(dir, 'voices') };
}

/**
 * A workspace dictionary file (the default .vscode/yomiage-dictionary.json) that reads 今日 as コンニチ, then the
 * reading Show Reading gives 今日 (by hand: キョー without the file, コンニチ with it). The file is removed after.
 */
async function readingWithWorkspaceFile(ws) {
  const file = path.join(ws, '.vscode', 'yomiage-dictionary.json');
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const text = JSON.stringify({ 今日: 'コンニチ' });
  fs.writeFileSync(file, text);
  try {
    await h.baseSettings({ dictionary: {} });
    const { editor } = await h.openDoc('trust-dictionary.txt', '今日は晴れ。');
    h.select(editor, 0, true);
    const doc = await vscode.commands.executeCommand('yomiage.showReading');
    const row = doc.getText().split('\n').find((l) => l.startsWith('| 今日 |'));
    // Fix Reading offers the file only in a trusted workspace; asked for it here, it answers without writing
    const fixed = await vscode.commands.executeCommand('yomiage.fixReading', { word: '晴れ', reading: 'ハレ', target: 'workspace' });
    const after = fs.readFileSync(file, 'utf8');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    return { row, fixed, unchanged: after === text };
  } finally {
    fs.rmSync(file, { force: true });
  }
}

/** What the workbench shows that mentions Yomiage, its settings or the repository's files. */
async function alarming() {
  const shown = (await h.notifications()) || [];
  return shown.filter((t) => /yomiage|modelPath|voiceDirectory|repo-assets|restricted/i.test(t));
}

describe('workspace trust', function () {
  let a;
  let rec;
  before(async () => {
    a = await h.api();
  });
  beforeEach(async () => {
    await h.stopAll(a);
    await vscode.commands.executeCommand('notifications.clearAll');
    rec = new h.Recorder(a);
  });
  afterEach(async () => {
    rec.dispose();
    await h.stopAll(a);
  });

  if (untrustedRun) {
    it('untrusted: the workspace model and voices are ignored; Read Aloud uses the user settings, with no error', async () => {
      assert.strictEqual(vscode.workspace.isTrusted, false, 'the launcher opened the workspace in Restricted Mode');
      const cfg = vscode.workspace.getConfiguration('yomiage');
      const ws = process.env.YOMIAGE_TEST_UNTRUSTED_WS;
      const own = JSON.parse(fs.readFileSync(path.join(ws, '.vscode', 'settings.json'), 'utf8'));
      assert.ok(own['yomiage.modelPath'].startsWith(ws) && own['yomiage.voiceDirectory'].startsWith(ws), 'the workspace points both into itself');
      // VS Code itself hides restricted workspace values from the API in Restricted Mode (because package.json
      // declares them in restrictedConfigurations); the extension reads only the user value anyway (src/vscode/trust.ts).
      assert.strictEqual(cfg.inspect('modelPath').workspaceValue, undefined);
      await h.baseSettings(); // the user's own model and voices
      const { editor } = await h.openDoc('untrusted.txt', h.SENTENCES[0]);
      h.select(editor, 0, true);
      await vscode.commands.executeCommand('yomiage.readAloud');
      await rec.waitFor((e) => e.type === 'finished', 60000, 'speech with the user model');
      assert.ok(rec.of('chunk-started').length > 0, 'it spoke');
      assert.deepStrictEqual(rec.of('error'), []);
      assert.deepStrictEqual(await alarming(), []);
    });

    it('untrusted: the workspace dictionary file is not read, and Fix Reading does not write it', async () => {
      const r = await readingWithWorkspaceFile(process.env.YOMIAGE_TEST_UNTRUSTED_WS);
      assert.strictEqual(r.row, '| 今日 | キョー |', 'the file was read');
      assert.strictEqual(r.fixed, undefined);
      assert.ok(r.unchanged, 'the file was written');
    });
  } else {
    it('trusted: the workspace model and voice folder are honoured over the user settings', async () => {
      assert.strictEqual(vscode.workspace.isTrusted, true);
      const folder = vscode.workspace.workspaceFolders && vscode.workspace.workspaceFolders[0];
      assert.ok(folder, 'the suite runs with a workspace folder');
      const repo = workspaceAssets(folder.uri.fsPath);
      await h.baseSettings();
      const cfg = vscode.workspace.getConfiguration('yomiage');
      try {
        await cfg.update('modelPath', repo.model, vscode.ConfigurationTarget.Workspace);
        await cfg.update('voiceDirectory', repo.voices, vscode.ConfigurationTarget.Workspace);
        const { editor } = await h.openDoc('trusted.txt', h.SENTENCES[0]);
        h.select(editor, 0, true);
        await vscode.commands.executeCommand('yomiage.readAloud');
        const err = await rec.waitFor((e) => e.type === 'error', 30000, 'the error from the workspace model');
        h.log('trusted workspace model:', err.message);
        assert.ok(err.message.includes(repo.model) || err.message.includes('jf_alpha.bin'), `the workspace's files were used: ${err.message}`);
        assert.strictEqual(rec.of('chunk-started').length, 0);
      } finally {
        await cfg.update('modelPath', undefined, vscode.ConfigurationTarget.Workspace);
        await cfg.update('voiceDirectory', undefined, vscode.ConfigurationTarget.Workspace);
      }
    });

    it('trusted: the workspace dictionary file is read (and Fix Reading may write it)', async () => {
      const r = await readingWithWorkspaceFile(vscode.workspace.workspaceFolders[0].uri.fsPath);
      assert.strictEqual(r.row, '| 今日 | コンニチ |', 'the file was not read');
      assert.deepStrictEqual(r.fixed, { word: '晴れ', reading: 'ハレ', target: 'workspace', file: path.join(vscode.workspace.workspaceFolders[0].uri.fsPath, '.vscode', 'yomiage-dictionary.json') });
      assert.ok(!r.unchanged);
    });
  }
});
