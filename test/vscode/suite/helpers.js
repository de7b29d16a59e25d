// Helpers for the integration suite. Runs inside VS Code's extension host (real `vscode` API).
'use strict';
const assert = require('assert');
const fs = require('fs');
const path = require('path');
const vscode = require('vscode');

const EXT_ID = 'yomiage.yomiage';
const root = path.resolve(__dirname, '..', '..', '..');
const env = process.env;

/** Paths the launcher prepared (test model, fixture voices); the fallbacks serve a hand-started run. */
const paths = {
  model: env.YOMIAGE_TEST_MODEL,
  /** The test model with a `duration` output. */
  durationModel: env.YOMIAGE_TEST_MODEL_DURATION,
  voices: env.YOMIAGE_TEST_VOICES || path.resolve(root, '..', 'shared', 'fixtures', 'voices'),
  tmp: env.YOMIAGE_TEST_TMP || fs.mkdtempSync(path.join(require('os').tmpdir(), 'yomiage-suite-')),
  manifest: env.YOMIAGE_MANIFEST,
};
/** Which player the suite expects: the offline launcher's Chromium may autoplay, a desktop VS Code may not. */
const playback = env.YOMIAGE_TEST_PLAYBACK || 'webview';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const log = (...a) => console.log('[yomiage-test]', ...a);

function extension() {
  const ext = vscode.extensions.getExtension(EXT_ID);
  assert.ok(ext, `extension ${EXT_ID} is not installed in this VS Code`);
  return ext;
}

/** The extension's test API (activates it if needed). */
async function api() {
  const ext = extension();
  const a = ext.isActive ? ext.exports : await ext.activate();
  assert.ok(a && typeof a.onEvent === 'function', 'activate() returns the test API');
  return a;
}

/** Polls `fn` until it returns a truthy value. */
async function until(fn, timeoutMs, what) {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(25);
  }
}

/** Records the extension's events with the time they arrived. */
class Recorder {
  constructor(a) {
    this.api = a;
    this.events = [];
    this.sub = a.onEvent((e) => this.events.push({ ...e, at: Date.now() }));
  }
  of(type) {
    return this.events.filter((e) => e.type === type);
  }
  /** Waits for the first event (from position `from`) matching pred. */
  async waitFor(pred, timeoutMs = 30000, what = 'an event', from = 0) {
    return until(() => this.events.slice(from).find(pred), timeoutMs, `${what}; events so far: ${this.summary()}`);
  }
  /**
   * The latest plan after position `from`. The engine may announce the first chunks early and the whole plan a
   * moment later (two `plan` events); the last one is the plan of the whole text.
   */
  lastPlan(from = 0) {
    const plans = this.events.slice(from).filter((e) => e.type === 'plan');
    assert.ok(plans.length > 0, `no plan; events: ${this.summary()}`);
    return plans[plans.length - 1];
  }
  summary() {
    return this.events.map((e) => e.type + (e.type === 'state' ? ':' + e.state : e.index !== undefined ? ':' + e.index
      : e.type === 'player' ? ':' + JSON.stringify(e.event).slice(0, 60) : e.message ? ':' + e.message : '')).join(', ').slice(-1500);
  }
  dispose() {
    this.sub.dispose();
  }
}

/** Sets `yomiage.*` settings (user scope); undefined removes a value. */
async function configure(values) {
  const cfg = vscode.workspace.getConfiguration('yomiage');
  for (const [k, v] of Object.entries(values)) await cfg.update(k, v, vscode.ConfigurationTarget.Global);
}

/** The settings every test starts from: the generated test model, the fixture voices, no download. */
async function baseSettings(extra = {}) {
  assert.ok(paths.model && fs.existsSync(paths.model), `test model missing (${paths.model}); start the suite with a launcher`);
  await configure({ modelPath: paths.model, voiceDirectory: paths.voices, voice: 'jf_alpha', speed: 1, playback, ...extra });
}

/** Writes `text` to a file in the workspace and shows it in an editor. */
async function openDoc(name, text) {
  const folder = vscode.workspace.workspaceFolders && vscode.workspace.workspaceFolders[0];
  const dir = folder ? folder.uri.fsPath : paths.tmp;
  const file = path.join(dir, name);
  fs.writeFileSync(file, text);
  const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(file));
  const editor = await vscode.window.showTextDocument(doc, { preview: false, viewColumn: vscode.ViewColumn.One });
  return { doc, editor };
}

/** Selects the first occurrence of `part` (or places the cursor at offset `part` when a number). */
function select(editor, part, caretOnly = false) {
  const text = editor.document.getText();
  const start = typeof part === 'number' ? part : text.indexOf(part);
  assert.ok(start >= 0, `"${part}" not in the document`);
  const end = caretOnly || typeof part === 'number' ? start : start + part.length;
  const sel = new vscode.Selection(editor.document.positionAt(start), editor.document.positionAt(end));
  editor.selection = sel;
  return { start, end };
}

/** Stops any speech and waits until the extension is idle. */
async function stopAll(a) {
  await vscode.commands.executeCommand('yomiage.stop');
  await until(() => a.state() === 'idle', 10000, 'state idle after stop');
}

/**
 * Asks the offline launcher something only the workbench page knows (its DOM, a screenshot).
 * Returns undefined when there is no launcher bridge (desktop launcher); callers then skip those checks.
 */
let bridgeSeq = 0;
async function bridge(op, args = {}) {
  const dir = env.YOMIAGE_TEST_BRIDGE;
  if (!dir) return undefined;
  const id = `${op}-${process.pid}-${++bridgeSeq}`;
  console.log('YOMIAGE-BRIDGE ' + JSON.stringify({ id, op, ...args }));
  const file = path.join(dir, `${id}.json`);
  await until(() => fs.existsSync(file), 20000, `the launcher's answer to ${op}`);
  const { result } = JSON.parse(fs.readFileSync(file, 'utf8'));
  if (result && result.error) throw new Error(`bridge ${op}: ${result.error}`);
  return result;
}

/** The status bar entries this extension contributes, as rendered in the workbench (needs the bridge). */
async function statusItems() {
  const items = await bridge('statusbar');
  return items && items.filter((i) => /yomiage/i.test(i.id));
}

/**
 * Texts of the notifications the workbench holds (needs the bridge). Toasts are not drawn in the test browser,
 * so this opens the notification centre, reads it and closes it again.
 */
async function notifications() {
  if (!env.YOMIAGE_TEST_BRIDGE) return undefined;
  await vscode.commands.executeCommand('notifications.showList');
  await sleep(300);
  try {
    return await bridge('notifications');
  } finally {
    await vscode.commands.executeCommand('notifications.hideList');
  }
}

/** Multi-sentence Japanese text (kana only, so that it does not depend on the dictionary). */
const SENTENCES = [
  'きょうは、いいてんきですね。',
  'あしたは、あめがふるそうです。',
  'かさを、わすれないでください。',
  'それでは、またあいましょう。',
  'ゆっくり、やすんでください。',
  'さようなら。',
];

module.exports = {
  EXT_ID, root, paths, playback, sleep, log, extension, api, until, Recorder, configure, baseSettings, openDoc,
  select, stopAll, bridge, statusItems, notifications, SENTENCES,
};
