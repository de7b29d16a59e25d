// Yomiage: Show Reading — the reading of the selection word by word in a read-only Markdown document beside the
// editor. Readings checked by hand: 今日 きょう → キョー, the particle は → ワ, 晴れ → ハレ.
'use strict';
const assert = require('assert');
const vscode = require('vscode');
const h = require('./helpers');

describe('show reading', function () {
  before(async () => {
    await h.api();
    await h.baseSettings();
  });
  afterEach(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('shows the selection word by word, the words as written beside their kana', async () => {
    const { editor } = await h.openDoc('reading.txt', '前置き。今日は晴れ。後書き。');
    h.select(editor, '今日は晴れ。');
    const doc = await vscode.commands.executeCommand('yomiage.showReading');
    assert.ok(doc, 'no reading document');
    assert.strictEqual(doc.uri.scheme, 'yomiage-reading');
    assert.strictEqual(doc.languageId, 'markdown');
    const text = doc.getText();
    assert.ok(text.includes('キョーワハレ。'), text);
    const rows = text.split('\n').filter((l) => /^\| (?!-)/.test(l)).slice(1);
    assert.deepStrictEqual(rows, ['| 今日 | キョー |', '| は | ワ |', '| 晴れ | ハレ |']);
    assert.ok(vscode.window.visibleTextEditors.some((e) => e.document === doc), 'the reading is not shown');
    // the source editor keeps the focus
    assert.strictEqual(vscode.window.activeTextEditor && vscode.window.activeTextEditor.document.uri.scheme, 'file');
  });

  it('with nothing selected, the current line; the user dictionary applies', async () => {
    await h.configure({ dictionary: { 読上: 'ヨミアゲ' } });
    try {
      const { editor } = await h.openDoc('reading2.txt', '一行目。\n読上を試す。');
      h.select(editor, '読上を', true);
      const doc = await vscode.commands.executeCommand('yomiage.showReading');
      const rows = doc.getText().split('\n').filter((l) => /^\| (?!-)/.test(l)).slice(1);
      // 読上 from the dictionary, を (said オ), 試す (ためす)
      assert.deepStrictEqual(rows, ['| 読上 | ヨミアゲ |', '| を | オ |', '| 試す | タメス |']);
    } finally {
      await h.configure({ dictionary: {} });
    }
  });
});
