// A VOICEVOX-compatible engine in the real VS Code: the loopback fake engine (test/support/fakeVoicevox.ts, run as a
// process of its own) added to yomiage.engines; its voice chosen in the picker (previewed through it), then a
// selection read through it.
'use strict';
const assert = require('assert');
const fs = require('fs');
const path = require('path');
const { spawn } = require('child_process');
const vscode = require('vscode');
const h = require('./helpers');

/** Starts the fake engine; resolves with its URL and the list of requests it reports. */
function startFakeEngine() {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(h.root, 'test', 'support', 'fakeVoicevoxServer.ts')], {
    cwd: h.root,
    stdio: ['pipe', 'pipe', 'inherit'],
    env: { PATH: process.env.PATH, HOME: process.env.HOME },
  });
  const requests = [];
  return new Promise((resolve, reject) => {
    let buf = '';
    let url;
    child.on('error', reject);
    child.on('exit', (code) => url === undefined && reject(new Error(`fake engine exited with ${code}`)));
    child.stdout.on('data', (d) => {
      buf += d;
      for (let nl = buf.indexOf('\n'); nl >= 0; nl = buf.indexOf('\n')) {
        const line = buf.slice(0, nl);
        buf = buf.slice(nl + 1);
        if (url === undefined) {
          url = line.trim();
          resolve({ url, requests, stop: () => child.stdin.end() });
        } else {
          requests.push(JSON.parse(line));
        }
      }
    });
  });
}

/** How many Kokoro voices the picker lists before the engines (the catalog in use). */
function kokoroVoiceCount() {
  const file = h.paths.manifest || path.join(h.root, 'models', 'manifest.json');
  return Object.keys(JSON.parse(fs.readFileSync(file, 'utf8')).voices).length;
}

describe('VOICEVOX-compatible engine', function () {
  this.timeout(120000);
  let a;
  let rec;
  let fake;
  before(async () => {
    a = await h.api();
    fake = await startFakeEngine();
    await h.baseSettings({ voice: 'jf_alpha' });
    await h.configure({ engines: [{ id: 'fake', label: 'Fake Engine', url: fake.url, credit: 'VOICEVOX:{name}' }] });
  });
  beforeEach(() => {
    rec = new h.Recorder(a);
  });
  afterEach(async () => {
    rec.dispose();
    await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
    await h.stopAll(a);
  });
  after(async () => {
    await h.configure({ voice: 'jf_alpha', engines: undefined });
    if (fake) fake.stop();
  });

  it('the picker lists the engine voices under the engine; the chosen one previews through it and is saved', async () => {
    const picked = vscode.commands.executeCommand('yomiage.selectVoice');
    await h.sleep(1000);
    const before = fake.requests.length;
    // from jf_alpha (first) past the other Kokoro voices to the engine's first voice (the heading is not a row)
    for (let i = 0; i < kokoroVoiceCount(); i++) await vscode.commands.executeCommand('quickInput.next');
    await rec.waitFor((e) => e.type === 'chunk-started', 30000, 'the engine voice preview playing');
    const sent = fake.requests.slice(before).filter((r) => r.path === '/audio_query');
    assert.ok(sent.length >= 1, 'the preview went to the engine');
    assert.ok(sent.every((r) => r.speaker === 3), JSON.stringify(sent));
    await vscode.commands.executeCommand('quickInput.accept');
    assert.strictEqual(await picked, 'fake:3');
    assert.strictEqual(vscode.workspace.getConfiguration('yomiage').inspect('voice').globalValue, 'fake:3');
  });

  it('reads a selection through the engine, one request per sentence, to the end', async () => {
    await h.configure({ voice: 'fake:1' });
    const text = `${h.SENTENCES[0]}${h.SENTENCES[1]}${h.SENTENCES[2]}`;
    const { editor } = await h.openDoc('engine.txt', text);
    h.select(editor, `${h.SENTENCES[0]}${h.SENTENCES[1]}`);
    const before = fake.requests.length;
    await vscode.commands.executeCommand('yomiage.readAloud');
    await rec.waitFor((e) => e.type === 'finished' || e.type === 'error', 60000, 'the end of speech');
    assert.deepStrictEqual(rec.of('error'), []);
    const sent = fake.requests.slice(before).filter((r) => r.path === '/audio_query');
    assert.deepStrictEqual(sent.map((r) => [r.text, r.speaker]), [[h.SENTENCES[0], 1], [h.SENTENCES[1], 1]]);
    assert.deepStrictEqual(rec.of('chunk-started').map((e) => e.index), [0, 1]);
  });
});
