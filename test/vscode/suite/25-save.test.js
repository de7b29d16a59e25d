// Save as WAV from the editor: a real 24 kHz mono WAV whose length follows the speed setting.
'use strict';
const assert = require('assert');
const fs = require('fs');
const path = require('path');
const vscode = require('vscode');
const h = require('./helpers');

/** Minimal RIFF/WAVE reader: format fields and the number of samples in the data chunk. */
function readWav(file) {
  const b = fs.readFileSync(file);
  assert.strictEqual(b.toString('ascii', 0, 4), 'RIFF');
  assert.strictEqual(b.toString('ascii', 8, 12), 'WAVE');
  let p = 12;
  let fmt;
  while (p + 8 <= b.length) {
    const id = b.toString('ascii', p, p + 4);
    const size = b.readUInt32LE(p + 4);
    if (id === 'fmt ') {
      fmt = { format: b.readUInt16LE(p + 8), channels: b.readUInt16LE(p + 10), rate: b.readUInt32LE(p + 12), bits: b.readUInt16LE(p + 22) };
    } else if (id === 'data') {
      assert.ok(fmt, 'fmt chunk before data');
      return { ...fmt, samples: size / (fmt.bits / 8) / fmt.channels, bytes: size };
    }
    p += 8 + size + (size % 2);
  }
  throw new Error(`${file}: no data chunk`);
}

describe('save as WAV', function () {
  let a;
  before(async () => {
    a = await h.api();
    await h.baseSettings();
  });
  after(() => h.configure({ speed: 1 }));

  it('writes a 24 kHz mono WAV of the selection; speed 2 gives half the samples', async () => {
    const { editor } = await h.openDoc('save.txt', h.SENTENCES.slice(0, 2).join(''));
    h.select(editor, h.SENTENCES[0]);
    const out1 = path.join(h.paths.tmp, 'speed1.wav');
    const out2 = path.join(h.paths.tmp, 'speed2.wav');
    await h.configure({ speed: 1 });
    assert.strictEqual(await vscode.commands.executeCommand('yomiage.saveAsWav', vscode.Uri.file(out1)), out1);
    await h.configure({ speed: 2 });
    assert.strictEqual(await vscode.commands.executeCommand('yomiage.saveAsWav', vscode.Uri.file(out2)), out2);
    const w1 = readWav(out1);
    const w2 = readWav(out2);
    h.log(`WAV: ${JSON.stringify(w1)} / speed 2: ${w2.samples} samples`);
    assert.strictEqual(w1.channels, 1);
    assert.strictEqual(w1.rate, 24000);
    // The test model speaks 1800 samples per token at speed 1 and floor(1800 / speed) at other speeds.
    assert.ok(w1.samples > 0 && w1.samples % 1800 === 0, `speed 1: ${w1.samples} samples, not a whole number of tokens`);
    assert.strictEqual(w2.samples * 2, w1.samples, 'speed 2 does not halve the length');
    assert.strictEqual(a.state(), 'idle');
    assert.deepStrictEqual(fs.readdirSync(h.paths.tmp).filter((f) => f.endsWith('.tmp')), [], 'no temporary file left');
  });

  it('refuses to save over the document being read, which stays as it was', async () => {
    const text = h.SENTENCES[0];
    const { doc, editor } = await h.openDoc('self-save.wav', text);
    h.select(editor, text);
    assert.strictEqual(await vscode.commands.executeCommand('yomiage.saveAsWav', doc.uri), undefined);
    assert.strictEqual(fs.readFileSync(doc.uri.fsPath, 'utf8'), text);
    assert.deepStrictEqual(fs.readdirSync(path.dirname(doc.uri.fsPath)).filter((f) => f.endsWith('.tmp')), []);
    assert.strictEqual(a.state(), 'idle');
  });
});
