// A blended voice in yomiage.voice: it reads; a malformed blend is an error naming the problem, nothing is read.
'use strict';
const assert = require('assert');
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
