// A blended voice in yomiage.voice: it reads; a malformed blend is an error naming the problem, nothing is read.
'use strict';
const assert = require('assert');
const fs = require('fs');
const path = require('path');
const vscode = require('vscode');
const h = require('./helpers');

describe('voice blend setting', function () {
  let a;
  let rec;
  before(async () => {
    a = await h.api();
    await h.baseSettings();
  });
  beforeEach(() => { rec = new h.Recorder(a); });
  afterEach(async () => {
    rec.dispose();
    await h.stopAll(a);
    await h.configure({ voice: 'jf_alpha' });
  });

  it('jf_alpha*0.6+jm_kumo*0.4 reads; a zero weight or an unknown voice is a clear error', async () => {
    await h.configure({ voice: 'jf_alpha*0.6+jm_kumo*0.4' });
    const { editor } = await h.openDoc('blend.txt', h.SENTENCES[0]);
    h.select(editor, 0, true);
    await vscode.commands.executeCommand('yomiage.readAloud');
    await rec.waitFor((e) => e.type === 'finished' || e.type === 'error', 45000, 'the end of speech');
    assert.deepStrictEqual(rec.of('error'), []);
    assert.ok(rec.of('chunk-started').length >= 1, 'nothing was played');

    for (const [voice, re] of [['jf_alpha*0+jm_kumo', /greater than 0/], ['jf_alpha*0.5+jf_nobody*0.5', /unknown voice 'jf_nobody'/]]) {
      await h.stopAll(a);
      rec.dispose();
      rec = new h.Recorder(a);
      await h.configure({ voice });
      await vscode.commands.executeCommand('yomiage.readAloud');
      const err = await rec.waitFor((e) => e.type === 'error', 30000, `an error for ${voice}`);
      assert.match(err.message, re);
      assert.match(err.message, /yomiage\.voice/);
      assert.deepStrictEqual(rec.of('chunk-started'), []);
    }
  });
});

// "Blend voices…" in the real voice picker: two voices checked, weights typed, the blend previewed, then saved.
describe('voice blend picker', function () {
  this.timeout(120000);
  let a;
  let rec;
  let only;
  before(async () => {
    a = await h.api();
    // A folder with only the two voices blended: a preview with any other voice (the configured jf_alpha) fails.
    only = fs.mkdtempSync(path.join(h.paths.tmp, 'blend-pair-'));
    for (const id of ['jf_gongitsune', 'jm_kumo']) fs.copyFileSync(path.join(h.paths.voices, `${id}.bin`), path.join(only, `${id}.bin`));
    await h.baseSettings({ voice: 'jf_alpha', voiceDirectory: only });
  });
  beforeEach(() => { rec = new h.Recorder(a); });
  afterEach(async () => {
    rec.dispose();
    await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
    await h.stopAll(a);
    await h.configure({ voice: 'jf_alpha' });
  });
  after(async () => {
    await h.configure({ voiceDirectory: h.paths.voices });
    fs.rmSync(only, { recursive: true, force: true });
  });

  /** Opens the picker, accepts "Blend voices…" (the first row) and checks jf_gongitsune and jm_kumo. */
  async function pickPair() {
    const picked = vscode.commands.executeCommand('yomiage.selectVoice');
    await h.sleep(800);
    await vscode.commands.executeCommand('quickInput.first');
    await vscode.commands.executeCommand('quickInput.accept');
    await h.sleep(800); // the voices to check: jf_alpha, jf_gongitsune, jf_nezumi, jf_tebukuro, jm_kumo
    await vscode.commands.executeCommand('quickInput.first');
    await vscode.commands.executeCommand('quickInput.next');
    await vscode.commands.executeCommand('quickInput.toggleCheckbox'); // jf_gongitsune
    // one voice is not a blend: Enter keeps the list open (else the next steps would land in the weights box)
    await vscode.commands.executeCommand('quickInput.accept');
    await h.sleep(300);
    for (let i = 0; i < 3; i++) await vscode.commands.executeCommand('quickInput.next');
    await vscode.commands.executeCommand('quickInput.toggleCheckbox'); // jm_kumo
    await vscode.commands.executeCommand('quickInput.accept');
    await h.sleep(800); // the weights box
    return { picked }; // (not the thenable itself, which the async function would wait for)
  }

  it('blends two voices: weights 3, 1 are saved as jf_gongitsune*0.75+jm_kumo*0.25 after a preview', async () => {
    const { picked } = await pickPair();
    assert.deepStrictEqual(rec.of('plan'), [], 'nothing plays before the blend is complete');
    // Type the weights where the launcher can (the box opens with an even mix, 1, 1).
    let want = 'jf_gongitsune*0.5+jm_kumo*0.5';
    if (await h.bridge('press', { key: 'Control+A' })) {
      for (const key of ['3', ',', ' ', '1']) await h.bridge('press', { key });
      want = 'jf_gongitsune*0.75+jm_kumo*0.25';
    }
    await vscode.commands.executeCommand('quickInput.accept');
    // the last step previews the blend: the sample sentence planned and played, with no error
    const plan = await rec.waitFor((e) => e.type === 'plan', 30000, 'the blend preview');
    assert.match(plan.chunks.map((c) => c.text).join(''), /こんにちは/);
    await rec.waitFor((e) => e.type === 'chunk-started' || e.type === 'error', 45000, 'the blend preview playing');
    assert.deepStrictEqual(rec.of('error'), []);
    assert.strictEqual(vscode.workspace.getConfiguration('yomiage').inspect('voice').globalValue, 'jf_alpha', 'saved before the user chose to');
    await vscode.commands.executeCommand('quickInput.accept'); // "Save this blend"
    assert.strictEqual(await picked, want);
    assert.strictEqual(vscode.workspace.getConfiguration('yomiage').inspect('voice').globalValue, want);
  });

  it('escaping the weights changes nothing and plays nothing', async () => {
    const { picked } = await pickPair();
    await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
    assert.strictEqual(await picked, undefined);
    assert.strictEqual(vscode.workspace.getConfiguration('yomiage').inspect('voice').globalValue, 'jf_alpha');
    assert.deepStrictEqual(rec.of('plan'), []);
  });

  it('escaping after the preview changes nothing and stops the preview', async () => {
    const { picked } = await pickPair();
    await vscode.commands.executeCommand('quickInput.accept'); // the even mix the box opens with
    await rec.waitFor((e) => e.type === 'chunk-started' || e.type === 'error', 45000, 'the blend preview playing');
    assert.deepStrictEqual(rec.of('finished'), [], 'the preview ended before the test could escape');
    await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
    assert.strictEqual(await picked, undefined);
    assert.strictEqual(vscode.workspace.getConfiguration('yomiage').inspect('voice').globalValue, 'jf_alpha');
    await h.until(() => a.state() === 'idle', 3000, 'the preview to stop when the blend is abandoned');
    await h.sleep(3000); // longer than the rest of the sample sentence: a preview left playing would finish by now
    assert.deepStrictEqual(rec.of('finished'), [], 'the preview was stopped, not played to its end');
  });
});
