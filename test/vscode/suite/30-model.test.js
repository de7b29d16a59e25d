// The model: a bad model file is reported and the extension keeps working; a missing model offers the download,
// which runs against a real HTTP server on 127.0.0.1 (YOMIAGE_MANIFEST points the extension at its URLs).
'use strict';
const assert = require('assert');
const crypto = require('crypto');
const fs = require('fs');
const http = require('http');
const path = require('path');
const vscode = require('vscode');
const h = require('./helpers');

const VOICES = ['jf_alpha', 'jf_gongitsune', 'jf_nezumi', 'jf_tebukuro', 'jm_kumo'];
const sha256 = (buf) => crypto.createHash('sha256').update(buf).digest('hex');

/** Serves files from memory and records every request path; `gate` (a promise) holds the model's response. */
function startServer(files, gate) {
  const requests = [];
  const server = http.createServer(async (req, res) => {
    requests.push(req.url);
    if (gate && req.url === '/models/model.onnx') await gate.promise;
    const body = files[req.url];
    if (!body) {
      res.writeHead(404).end('not found');
      return;
    }
    res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': body.length });
    res.end(body);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ server, requests, port: server.address().port })));
}

describe('model', function () {
  let a;
  let rec;
  before(async () => {
    a = await h.api();
  });
  beforeEach(async () => {
    await h.baseSettings();
    await h.stopAll(a);
    rec = new h.Recorder(a);
  });
  afterEach(async () => {
    rec.dispose();
    await h.stopAll(a);
    await h.baseSettings();
  });

  it('a bad model file gives an error notification, and the extension keeps working', async () => {
    const bad = path.join(h.paths.tmp, 'not-a-model.onnx');
    fs.writeFileSync(bad, Buffer.from('this is not an ONNX model, just text that happens to end in .onnx\n'));
    await h.configure({ modelPath: bad });
    await vscode.commands.executeCommand('notifications.clearAll');
    const { editor } = await h.openDoc('bad-model.txt', h.SENTENCES[0]);
    h.select(editor, 0, true);
    await vscode.commands.executeCommand('yomiage.readAloud');
    const err = await rec.waitFor((e) => e.type === 'error', 30000, 'an error event');
    h.log('bad model error:', err.message);
    assert.ok(err.message.length > 10, 'the error says what is wrong');
    assert.strictEqual(rec.of('chunk-started').length, 0, 'audio from a bad model');
    await h.until(() => a.state() === 'idle', 5000, 'idle after the error');
    const shown = await h.notifications();
    if (shown) {
      h.log('notifications:', shown.join(' | '));
      assert.ok(shown.some((t) => /model/i.test(t) && t.includes(err.message.slice(0, 20))),
        `no error notification about the model in the workbench: ${JSON.stringify(shown)}`);
    }

    // The same window, the good model again: it speaks.
    await h.configure({ modelPath: h.paths.model });
    const from = rec.events.length;
    await vscode.commands.executeCommand('yomiage.readAloud');
    await rec.waitFor((e) => e.type === 'finished', 60000, 'speech with the good model after the bad one', from);
    assert.ok(rec.events.slice(from).some((e) => e.type === 'chunk-started'));
    assert.deepStrictEqual(rec.events.slice(from).filter((e) => e.type === 'error'), []);
  });

  it('with no model, Read Aloud offers the download, fetches model and voice from the server, then speaks; deleteModel frees it', async function () {
    assert.ok(h.paths.manifest, 'the launcher sets YOMIAGE_MANIFEST');
    const model = fs.readFileSync(h.paths.model);
    const files = { '/models/model.onnx': model };
    for (const v of VOICES) files[`/voices/${v}.bin`] = fs.readFileSync(path.join(h.paths.voices, `${v}.bin`));
    const gate = {};
    gate.promise = new Promise((r) => { gate.open = r; });
    const srv = await startServer(files, gate);
    const original = fs.readFileSync(h.paths.manifest);
    try {
      const url = (p) => `http://127.0.0.1:${srv.port}${p}`;
      const manifest = {
        version: 1,
        defaultModel: 'q8',
        models: { q8: { file: 'model_quantized.onnx', url: url('/models/model.onnx'), size: model.length, sha256: sha256(model), label: 'Test model' } },
        voices: Object.fromEntries(VOICES.map((v) => [v, {
          file: `${v}.bin`, url: url(`/voices/${v}.bin`), size: files[`/voices/${v}.bin`].length, sha256: sha256(files[`/voices/${v}.bin`]),
        }])),
      };
      fs.writeFileSync(h.paths.manifest, JSON.stringify(manifest, null, 2));
      await h.configure({ modelPath: undefined, voiceDirectory: undefined, voice: 'jf_nezumi' });

      const { editor } = await h.openDoc('download.txt', h.SENTENCES[1]);
      h.select(editor, 0, true);
      // VS Code refuses modal dialogs while extension tests run ("DialogService: refused to show dialog in
      // tests"), so the "Download?" prompt is accepted through YOMIAGE_TEST_AUTOACCEPT. What the user then sees is
      // the progress notification: the server holds the model until the test has looked for it.
      const reading = vscode.commands.executeCommand('yomiage.readAloud');
      await h.until(() => srv.requests.includes('/models/model.onnx'), 15000, 'the model download to start');
      const prompts = rec.of('prompt');
      assert.strictEqual(prompts.length, 1, 'the download was offered once before anything was fetched');
      assert.match(prompts[0].message, /Download it now \(0\.\d MB, once\)\?/);
      assert.match(prompts[0].answer, /^Download q8 \(0\.\d MB\)$/);
      assert.strictEqual(a.state(), 'loading');
      const shown = await h.notifications();
      if (shown) {
        h.log('during the download:', shown.join(' | '));
        assert.ok(shown.some((t) => /download/i.test(t)), `no download progress notification: ${JSON.stringify(shown)}`);
      }
      gate.open();
      await reading;
      await rec.waitFor((e) => e.type === 'finished', 90000, 'speech after the download');
      assert.deepStrictEqual(rec.of('error'), []);
      const got = srv.requests.filter((r) => files[r]);
      assert.ok(got.includes('/models/model.onnx'), `model not fetched: ${srv.requests}`);
      assert.ok(got.includes('/voices/jf_nezumi.bin'), `chosen voice not fetched: ${srv.requests}`);
      h.log('download requests:', srv.requests.join(' '));

      // Every later run works offline: no request the second time.
      const n = srv.requests.length;
      const from = rec.events.length;
      await vscode.commands.executeCommand('yomiage.readAloud');
      await rec.waitFor((e) => e.type === 'finished', 60000, 'speech from the cache', from);
      assert.strictEqual(srv.requests.length, n, `the second read downloaded again: ${srv.requests.slice(n)}`);

      // deleteModel frees the space: the next read must fetch the model again.
      await vscode.commands.executeCommand('yomiage.deleteModel');
      const from2 = rec.events.length;
      await vscode.commands.executeCommand('yomiage.readAloud');
      await rec.waitFor((e) => e.type === 'finished', 90000, 'speech after deleting and downloading again', from2);
      assert.ok(srv.requests.slice(n).includes('/models/model.onnx'), 'deleteModel left the model in place');
    } finally {
      gate.open();
      srv.server.close();
      fs.writeFileSync(h.paths.manifest, original);
    }
  });
});
