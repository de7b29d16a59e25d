// Runs only against an installed VSIX (launcher --vsix): the extension VS Code loaded is the installed package,
// which carries its own onnxruntime binary for this platform and nothing it does not need, and it speaks.
'use strict';
const assert = require('assert');
const fs = require('fs');
const path = require('path');
const vscode = require('vscode');
const h = require('./helpers');

/** All files under dir, relative, with forward slashes. */
function files(dir, rel = '') {
  return fs.readdirSync(path.join(dir, rel), { withFileTypes: true }).flatMap((e) => {
    const r = rel ? `${rel}/${e.name}` : e.name;
    return e.isDirectory() ? files(dir, r) : [r];
  });
}

describe('installed package', () => {
  it('is the installed copy, not the development folder', () => {
    const ext = h.extension();
    const installed = path.resolve(process.env.YOMIAGE_TEST_INSTALLED);
    assert.ok(path.resolve(ext.extensionPath).startsWith(installed + path.sep), `${ext.extensionPath} is not under ${installed}`);
    assert.ok(!path.resolve(ext.extensionPath).startsWith(h.root + path.sep));
  });

  it('carries this platform\'s onnxruntime binary only, the bundles, the dictionary; no sources, tests or maps', () => {
    const dir = h.extension().extensionPath;
    const all = files(dir);
    const bin = `dist/node_modules/onnxruntime-node/bin/napi-v6/${process.platform}/${process.arch}/onnxruntime_binding.node`;
    assert.ok(all.includes(bin), `missing ${bin}`);
    for (const f of ['dist/extension.js', 'dist/worker.js', 'dist/dict/ipadic.bin', 'models/manifest.json', 'package.json']) {
      assert.ok(all.includes(f), `missing ${f}`);
    }
    const others = all.filter((f) => f.includes('/onnxruntime-node/bin/') && !f.includes(`/${process.platform}/${process.arch}/`));
    assert.deepStrictEqual(others, [], 'other platforms\' binaries');
    const unwanted = all.filter((f) => /^(src|test|scripts|node_modules)\//.test(f) || /\.(map|ts|onnx)$/.test(f));
    assert.deepStrictEqual(unwanted, []);
    h.log(`installed package: ${all.length} files`);
  });

  it('speaks with the packaged onnxruntime (worker loads the binary from the package)', async () => {
    const a = await h.api();
    await h.baseSettings();
    const rec = new h.Recorder(a);
    try {
      const { editor } = await h.openDoc('installed.txt', h.SENTENCES[0] + h.SENTENCES[1]);
      h.select(editor, 0, true);
      await vscode.commands.executeCommand('yomiage.readAloud');
      await rec.waitFor((e) => e.type === 'finished', 60000, 'the end of speech');
      assert.deepStrictEqual(rec.of('chunk-started').map((e) => e.index), [0, 1]);
      assert.deepStrictEqual(rec.of('error'), []);
    } finally {
      rec.dispose();
    }
  });
});
