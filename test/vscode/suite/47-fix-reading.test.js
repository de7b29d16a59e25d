// The reading hover, Yomiage: Fix Reading and the workspace dictionary file (issue 15 §1), in the real VS Code.
// Readings checked by hand: 今日 キョー (fixed to コンニチ, as in 今日の日本), は (particle) ワ, 晴れ ハレ, の ノ,
// 課題 カダイ; 読上 from the dictionary (ヨミアゲ; ドクジョー from the settings that win), を オ, 試す タメス.
'use strict';
const assert = require('assert');
const fs = require('fs');
const path = require('path');
const vscode = require('vscode');
const h = require('./helpers');

const DICT_FILE = path.join('.vscode', 'yomiage-dictionary.json');

function folder() {
  const f = vscode.workspace.workspaceFolders && vscode.workspace.workspaceFolders[0];
  assert.ok(f, 'the suite runs with a workspace folder');
  return f.uri.fsPath;
}

/** The text of the reading hovers at `part` (its first character, or `at` characters into it). */
async function hoverText(doc, part, at = 0) {
  const offset = doc.getText().indexOf(part);
  assert.ok(offset >= 0, `${part} not in the document`);
  const hovers = (await vscode.commands.executeCommand('vscode.executeHoverProvider', doc.uri, doc.positionAt(offset + at))) || [];
  return hovers
    .flatMap((x) => x.contents)
    .map((c) => (typeof c === 'string' ? c : c.value))
    .filter((v) => v.includes('yomiage.fixReading'))
    .join('\n');
}

/** The word/kana rows of Show Reading for the current line or selection. */
async function readingRows() {
  const doc = await vscode.commands.executeCommand('yomiage.showReading');
  assert.ok(doc, 'no reading document');
  const rows = doc.getText().split('\n').filter((l) => /^\| (?!-)/.test(l)).slice(1);
  await vscode.commands.executeCommand('workbench.action.closeEditorsInOtherGroups');
  return rows;
}

/** Reads the current line aloud and returns the reading the synthesis gave `word` (from the word follow-along). */
async function spokenReading(word) {
  const a = await h.api();
  const rec = new h.Recorder(a);
  try {
    await vscode.commands.executeCommand('yomiage.readAloud');
    const e = await rec.waitFor((x) => (x.type === 'word-started' && x.word === word) || x.type === 'error', 60000, `the word ${word} being said`);
    assert.strictEqual(e.type, 'word-started', e.message);
    return e.reading;
  } finally {
    rec.dispose();
    await h.stopAll(a);
  }
}

/** The quick input as drawn, once `pred` holds for it (needs the launcher's bridge). */
async function quickInput(pred, what) {
  let last;
  await h.until(async () => pred((last = await h.bridge('quickInput'))), 10000, `${what}; quick input: ${JSON.stringify(last)}`);
  return last;
}

describe('reading hover and fix reading', function () {
  let dictFile;
  before(async () => {
    await h.api();
    await h.baseSettings({ dictionary: {} });
    dictFile = path.join(folder(), DICT_FILE);
    fs.rmSync(dictFile, { force: true });
  });
  afterEach(async () => {
    await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });
  after(async () => {
    fs.rmSync(dictFile, { force: true });
    await h.configure({ dictionary: {}, voice: 'jf_alpha', readingHover: undefined });
    await vscode.workspace.getConfiguration('yomiage', { languageId: 'python' }).update('readingHover', undefined, vscode.ConfigurationTarget.Global, true);
  });

  it('hover: the sentence under the pointer in kana, the word in bold, a Fix reading link; only on Japanese', async () => {
    const { doc, editor } = await h.openDoc('hover.md', '前置き。今日は晴れ。後書き。\n\nplain English words\n');
    h.select(editor, '前置き。', false);
    await vscode.commands.executeCommand('yomiage.showReading'); // Yomiage used once: from now on the hover may read
    await vscode.commands.executeCommand('workbench.action.closeEditorsInOtherGroups');
    // other hover providers of Markdown first (their first answer is slow), so the figures below are about ours
    const t00 = Date.now();
    assert.strictEqual(await hoverText(doc, 'plain'), '', 'no hover on Latin text');
    const otherMs = Date.now() - t00;
    const t0 = Date.now();
    // a reading not ready within 300 ms is left for the next hover (then from the cache): ask until it shows
    let tries = 0;
    const text = await h.until(async () => (++tries, hoverText(doc, '晴れ')), 10000, 'the reading hover');
    const firstMs = Date.now() - t0;
    const t1 = Date.now();
    const again = await hoverText(doc, '晴れ', 1);
    const cachedMs = Date.now() - t1;
    const t2 = Date.now();
    await hoverText(doc, '後書き');
    const secondMs = Date.now() - t2;
    h.log(`reading hover (executeHoverProvider round trip): Latin text (other providers only) ${otherMs} ms; a new sentence ${firstMs} ms (${tries} hover${tries > 1 ? 's' : ''}), another ${secondMs} ms, from the cache ${cachedMs} ms`);
    assert.ok(text.includes('キョーワ**ハレ**。'), text);
    assert.ok(!text.includes('前置き') && !text.includes('後書き'), `only the sentence under the pointer: ${text}`);
    const link = /\[([^\]]+)\]\(command:yomiage\.fixReading\?([^ )]+)/.exec(text);
    assert.ok(link, text);
    assert.strictEqual(link[1], 'Fix reading…');
    const [args] = JSON.parse(decodeURIComponent(link[2]));
    assert.deepStrictEqual({ word: args.word, current: args.current, offset: args.offset, uri: args.uri },
      { word: '晴れ', current: 'ハレ', offset: doc.getText().indexOf('晴れ'), uri: doc.uri.toString() });
    assert.strictEqual(again, text, 'the second character of the word shows the same');
    assert.ok((await hoverText(doc, '今日')).includes('**キョー**ワハレ。'));
    assert.strictEqual(await hoverText(doc, '。後'), '', 'no hover on punctuation');
  });

  it('hover: auto = Markdown and plain text; off turns it off; on (per language) turns it on for code', async () => {
    const { doc: py } = await h.openDoc('hover.py', '# 今日は晴れ。\n');
    const { doc: md } = await h.openDoc('hover2.md', '今日は晴れ。\n');
    await vscode.commands.executeCommand('yomiage.showReading');
    assert.strictEqual(await hoverText(py, '晴れ'), '', 'auto: not in Python');
    const pyCfg = vscode.workspace.getConfiguration('yomiage', { languageId: 'python' });
    await pyCfg.update('readingHover', 'on', vscode.ConfigurationTarget.Global, true);
    assert.ok((await hoverText(py, '晴れ')).includes('キョーワ**ハレ**。'), 'on for [python]');
    await h.configure({ readingHover: 'off' });
    assert.strictEqual(await hoverText(md, '晴れ'), '', 'off');
    await h.configure({ readingHover: undefined });
    await pyCfg.update('readingHover', undefined, vscode.ConfigurationTarget.Global, true);
    assert.ok((await hoverText(md, '晴れ')).includes('キョーワ**ハレ**。'), 'auto: in Markdown');
  });

  it('Fix Reading by hand: the box holds the current reading, a reading that is not kana is refused, the new one is saved with the others and used at once', async function () {
    if (!process.env.YOMIAGE_TEST_BRIDGE) this.skip(); // typing into the box needs the offline launcher
    await h.configure({ dictionary: { 東京: 'トーキョー' } });
    const { doc, editor } = await h.openDoc('fix.md', '今日の課題。');
    h.select(editor, 1); // the cursor inside 今日
    assert.ok((await hoverText(doc, '今日')).includes('**キョー**ノカダイ。'));
    const running = vscode.commands.executeCommand('yomiage.fixReading');
    let box = await quickInput((q) => q.visible && q.value === 'キョー', 'the input box with the current reading');
    assert.ok(box.title.includes('今日'), box.title);
    await h.bridge('insertText', { text: 'konnichi' }); // the pre-filled reading is selected: typing replaces it
    // the box's message line holds the prompt until the validation replaces it
    box = await quickInput((q) => q.value === 'konnichi' && /must be kana, found "konnichi"/.test(q.message), 'the validation message');
    h.log('fix reading: validation says', box.message);
    await h.bridge('press', { key: 'Control+a' });
    await h.bridge('insertText', { text: 'コンニチ' });
    await quickInput((q) => q.value === 'コンニチ' && !/must be kana/.test(q.message), 'the reading accepted');
    await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
    // a trusted workspace with a folder: where to save is asked
    const pick = await quickInput((q) => q.visible && q.rows.length === 2, 'the choice of where to save');
    assert.ok(/User settings/.test(pick.rows[0]) && /Workspace dictionary file/.test(pick.rows[1]) && pick.rows[1].includes(DICT_FILE), JSON.stringify(pick.rows));
    await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem'); // User settings
    const result = await running;
    assert.deepStrictEqual(result, { word: '今日', reading: 'コンニチ', target: 'user' });
    const saved = vscode.workspace.getConfiguration('yomiage').inspect('dictionary').globalValue;
    assert.deepStrictEqual(saved, { 東京: 'トーキョー', 今日: 'コンニチ' }, 'the other entry is kept');
    assert.ok((await hoverText(doc, '今日')).includes('**コンニチ**ノカダイ。'), 'the hover shows it at once');
    h.select(editor, 0, true);
    assert.deepStrictEqual(await readingRows(), ['| 今日 | コンニチ |', '| の | ノ |', '| 課題 | カダイ |']);
    assert.strictEqual(await spokenReading('今日'), 'コンニチ', 'Read Aloud says the new reading');
    assert.ok(!fs.existsSync(dictFile), 'nothing was written to the workspace');
    await h.configure({ dictionary: {} });
  });

  it('the code action on a Japanese word runs Fix Reading there; with arguments it saves to the workspace file, keeping its entries', async () => {
    fs.mkdirSync(path.dirname(dictFile), { recursive: true });
    fs.writeFileSync(dictFile, JSON.stringify({ 東京: 'トーキョー' }, null, 2));
    const { doc, editor } = await h.openDoc('action.md', '読上を試す。');
    const actions = await vscode.commands.executeCommand('vscode.executeCodeActionProvider', doc.uri, new vscode.Range(doc.positionAt(1), doc.positionAt(1)));
    const fix = (actions || []).find((a) => a.command && a.command.command === 'yomiage.fixReading');
    assert.ok(fix, `no Fix reading action: ${(actions || []).map((a) => a.title)}`);
    assert.strictEqual(fix.title, 'Fix reading…');
    assert.ok(fix.kind && fix.kind.value.startsWith('refactor.rewrite'), fix.kind && fix.kind.value);
    const [args] = fix.command.arguments;
    assert.deepStrictEqual(args, { uri: doc.uri.toString(), offset: 1 });
    // no code action on Latin text
    const { doc: latin } = await h.openDoc('action2.md', 'hello');
    const none = await vscode.commands.executeCommand('vscode.executeCodeActionProvider', latin.uri, new vscode.Range(latin.positionAt(1), latin.positionAt(1)));
    assert.ok(!(none || []).some((a) => a.command && a.command.command === 'yomiage.fixReading'));
    await vscode.window.showTextDocument(doc);
    // the action's arguments, answered for automation: the word is the G2P word at offset 1
    const result = await vscode.commands.executeCommand('yomiage.fixReading', { ...args, reading: 'ヨミアゲ', target: 'workspace' });
    assert.strictEqual(result && result.word, '読上', JSON.stringify(result));
    assert.deepStrictEqual(JSON.parse(fs.readFileSync(dictFile, 'utf8')), { 東京: 'トーキョー', 読上: 'ヨミアゲ' });
    h.select(editor, 0, true);
    assert.deepStrictEqual(await readingRows(), ['| 読上 | ヨミアゲ |', '| を | オ |', '| 試す | タメス |']);
    assert.strictEqual(await spokenReading('読上'), 'ヨミアゲ', 'Read Aloud says the file\'s reading');
    // the settings win over the file
    await h.configure({ dictionary: { 読上: 'ドクジョー' } });
    assert.deepStrictEqual((await readingRows())[0], '| 読上 | ドクジョー |');
    await h.configure({ dictionary: {} });
    assert.deepStrictEqual((await readingRows())[0], '| 読上 | ヨミアゲ |');
  });

  it('the workspace file is watched: an edit shows in the hover at once; bad entries are named, the good ones used', async () => {
    fs.mkdirSync(path.dirname(dictFile), { recursive: true });
    fs.writeFileSync(dictFile, JSON.stringify({ 読上: 'ヨミアゲ' }));
    const { doc } = await h.openDoc('watch.md', '読上を試す。');
    await vscode.commands.executeCommand('yomiage.showReading');
    assert.ok((await hoverText(doc, '読上')).includes('**ヨミアゲ**オタメス。'));
    await vscode.commands.executeCommand('notifications.clearAll');
    fs.writeFileSync(dictFile, JSON.stringify({ 読上: 'ヨミウエ', 猫: 'neko' }));
    await h.until(async () => (await hoverText(doc, '読上')).includes('**ヨミウエ**オタメス。'), 10000, 'the hover after the file changed');
    const shown = await h.notifications();
    if (shown) assert.ok(shown.some((t) => /1 entry was left out: the reading of "猫" must be kana, found "neko"/.test(t)), JSON.stringify(shown));
    // removed, with its folder: its reading goes; created again (a folder the watcher never saw): it comes back
    fs.rmSync(path.dirname(dictFile), { recursive: true, force: true });
    await h.until(async () => !(await hoverText(doc, '読上')).includes('ヨミウエ'), 10000, 'the hover after the file was removed');
    fs.mkdirSync(path.dirname(dictFile), { recursive: true });
    fs.writeFileSync(dictFile, JSON.stringify({ 読上: 'ヨミアゲ' }));
    await h.until(async () => (await hoverText(doc, '読上')).includes('**ヨミアゲ**オタメス。'), 10000, 'the hover after the file was created again');
  });

  it('a bad entry of the settings dictionary is named once and left out; the good ones are still used', async () => {
    fs.rmSync(dictFile, { force: true });
    await vscode.commands.executeCommand('notifications.clearAll');
    await h.configure({ dictionary: { 猫: 'neko', 読上: 'ヨミアゲ' } });
    try {
      const { editor } = await h.openDoc('bad-setting.md', '読上を試す。');
      h.select(editor, 0, true);
      assert.deepStrictEqual(await readingRows(), ['| 読上 | ヨミアゲ |', '| を | オ |', '| 試す | タメス |']);
      const shown = await h.notifications();
      if (shown) assert.ok(shown.some((t) => /setting yomiage\.dictionary: 1 entry was left out: the reading of "猫" must be kana, found "neko"/.test(t)), JSON.stringify(shown));
    } finally {
      await h.configure({ dictionary: {} });
    }
  });

  it('a dictionary file that does not parse is not overwritten: a clear error, nothing saved', async () => {
    fs.mkdirSync(path.dirname(dictFile), { recursive: true });
    const broken = '{"東京": "トーキョー",\n';
    fs.writeFileSync(dictFile, broken);
    await vscode.commands.executeCommand('notifications.clearAll');
    const result = await vscode.commands.executeCommand('yomiage.fixReading', { word: '読上', reading: 'ヨミアゲ', target: 'workspace' });
    assert.strictEqual(result, undefined);
    assert.strictEqual(fs.readFileSync(dictFile, 'utf8'), broken, 'the file is as it was');
    const shown = await h.notifications();
    if (shown) assert.ok(shown.some((t) => /the reading was not saved: dictionary file \S*yomiage-dictionary\.json is not valid JSON/.test(t) && /Open file/.test(t)), JSON.stringify(shown));
    // a reading that is not kana is refused the same way, and nothing is written
    fs.writeFileSync(dictFile, '{}');
    assert.strictEqual(await vscode.commands.executeCommand('yomiage.fixReading', { word: '読上', reading: 'yomiage', target: 'user' }), undefined);
    assert.strictEqual(vscode.workspace.getConfiguration('yomiage').inspect('dictionary').globalValue?.['読上'], undefined);
  });

  it('with a VOICEVOX-kind voice, the accent is asked after the reading and saved as @N', async function () {
    if (!process.env.YOMIAGE_TEST_BRIDGE) this.skip();
    fs.rmSync(dictFile, { force: true });
    await h.configure({ voice: 'voicevox:3', dictionary: { 読上: 'ヨミアゲ' } });
    try {
      const { editor } = await h.openDoc('accent.md', '読上を試す。');
      h.select(editor, '読上');
      const running = vscode.commands.executeCommand('yomiage.fixReading');
      await quickInput((q) => q.visible && q.value === 'ヨミアゲ', 'the input box with the reading from the dictionary');
      await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
      const accents = await quickInput((q) => q.visible && q.rows.length === 6, 'the accent positions');
      // leave to the engine, flat, then the fall after each of the 4 morae ヨ・ミ・ア・ゲ
      assert.ok(/engine/.test(accents.rows[0]) && /flat \(@0\)/.test(accents.rows[1]), JSON.stringify(accents.rows));
      assert.ok(accents.rows[2].startsWith('ヨ↘ミアゲ') && accents.rows[5].startsWith('ヨミアゲ↘'), JSON.stringify(accents.rows));
      await vscode.commands.executeCommand('quickInput.next');
      await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem'); // flat
      await quickInput((q) => q.visible && q.rows.length === 2, 'the choice of where to save');
      await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem'); // User settings
      assert.deepStrictEqual(await running, { word: '読上', reading: 'ヨミアゲ@0', target: 'user' });
      assert.deepStrictEqual(vscode.workspace.getConfiguration('yomiage').inspect('dictionary').globalValue, { 読上: 'ヨミアゲ@0' });
      await h.configure({ voice: 'jf_alpha' });
      h.select(editor, 0, true);
      assert.deepStrictEqual((await readingRows())[0], '| 読上 | ヨミアゲ |', 'Kokoro reads the kana, without the accent');
    } finally {
      await h.configure({ voice: 'jf_alpha', dictionary: {} });
    }
  });
});
