// Word-level follow-along in the editor: the word being said is highlighted inside the sentence highlight, moved by
// the playback position the player reports (the panel's AudioContext clock here; the system player's device clock
// with --playback system). Word times from the model's duration output, or estimated from the phonemes.
'use strict';
const assert = require('assert');
const vscode = require('vscode');
const h = require('./helpers');

// Words (IPADIC): 今日|は|、|いい|天気|です|ね|。 and 明日|は|、|雨|が|降る|そう|です|。
const TEXT = '今日は、いい天気ですね。明日は、雨が降るそうです。';

describe('word-level follow-along', function () {
  let a;
  let rec;
  before(async () => {
    a = await h.api();
    await h.baseSettings();
  });
  beforeEach(async () => {
    await h.stopAll(a);
    rec = new h.Recorder(a);
  });
  afterEach(async () => {
    rec.dispose();
    await h.stopAll(a);
    await h.baseSettings({ highlightWords: undefined });
  });

  /** Reads the document's second line and returns what the word highlight did, checked against the document. */
  async function readAndFollow(doc, base, during) {
    const seen = [];
    const status = [];
    const poll = setInterval(() => {
      const r = a.wordHighlight();
      const last = seen[seen.length - 1];
      if (r && (!last || last.start !== r.start)) seen.push({ start: r.start, end: r.end, sentence: a.highlight() });
      const st = { text: a.statusText(), tooltip: a.statusTooltip() };
      const lastSt = status[status.length - 1];
      if (st.text && (!lastSt || lastSt.text !== st.text)) status.push(st);
    }, 10);
    try {
      await vscode.commands.executeCommand('yomiage.readAloud');
      if (during) await during();
      await rec.waitFor((e) => e.type === 'finished', 60000, 'the end of speech');
    } finally {
      clearInterval(poll);
    }
    const words = rec.of('word-started');
    const chunks = rec.of('chunk-started');
    assert.deepStrictEqual(chunks.map((c) => c.index), [0, 1]);
    const text = doc.getText();
    for (const w of words) {
      const chunk = chunks.find((c) => c.index === w.chunk);
      assert.ok(chunk, `word of an unknown chunk: ${JSON.stringify(w)}`);
      assert.ok(w.start >= chunk.start && w.end <= chunk.end && w.end > w.start, `word ${w.word} [${w.start}, ${w.end}) outside its sentence [${chunk.start}, ${chunk.end})`);
      assert.strictEqual(text.slice(w.start, w.end), w.word, 'the word range holds the word');
      assert.ok(w.at >= chunk.at, 'a word is shown after its sentence started');
    }
    for (const i of [0, 1]) {
      const mine = words.filter((w) => w.chunk === i);
      assert.ok(mine.length >= 3, `sentence ${i}: the word highlight moved ${mine.length} times: ${mine.map((w) => w.word)}`);
      for (let k = 1; k < mine.length; k++) {
        assert.ok(mine[k].index > mine[k - 1].index && mine[k].start >= mine[k - 1].end, `words out of order: ${mine.map((w) => w.word)}`);
      }
    }
    assert.strictEqual(a.wordHighlight(), undefined, 'the word highlight is cleared at the end');
    // The highlight the editor showed is the one announced, always inside the sentence highlight.
    assert.ok(seen.length >= 4, `the editor's word highlight moved ${seen.length} times`);
    for (const s of seen) assert.ok(s.sentence && s.start >= s.sentence.start && s.end <= s.sentence.end, `word highlight outside the sentence: ${JSON.stringify(s)}`);
    const positions = rec.of('player').filter((e) => e.event && e.event.type === 'position');
    // The status bar follows the same position reports: it shows the word said (and the sentence's number).
    for (const i of [0, 1]) {
      for (const w of words.filter((x) => x.chunk === i)) {
        assert.ok(status.some((s) => s.text.includes(`${i + 1}/2 · ${w.word}`)), `the status bar never showed ${w.word}: ${status.map((s) => s.text)}`);
      }
    }
    return { words, positions, base, status };
  }

  /** How late each word was shown, by the playback position, and how often positions came. */
  function measure({ words, positions }) {
    const late = words.filter((w) => w.index > 0).map((w) => w.ms - w.startMs);
    const gaps = positions.slice(1).map((p, k) => p.at - positions[k].at).filter((g) => g < 1000).sort((x, y) => x - y);
    // How old each report was when it reached the extension host (the player stamps the wall time it held).
    const ages = positions.filter((p) => typeof p.event.at === 'number').map((p) => p.at - p.event.at).sort((x, y) => x - y);
    assert.ok(ages.length === positions.length, 'every position report carries the time it held');
    return {
      deliveryMsMedian: ages[Math.floor(ages.length / 2)],
      deliveryMsMax: ages[ages.length - 1],
      lateMsMax: Math.max(...late),
      lateMsMedian: late.sort((x, y) => x - y)[Math.floor(late.length / 2)],
      positions: positions.length,
      positionGapMedian: gaps[Math.floor(gaps.length / 2)],
    };
  }

  it('the word highlight moves word by word inside the sentence, in order, with estimated word times', async () => {
    const { doc, editor } = await h.openDoc('words.txt', `一行目です。\n${TEXT}`);
    const base = '一行目です。\n'.length;
    h.select(editor, TEXT);
    const r = await readAndFollow(doc, base);
    assert.ok(r.words.every((w) => w.source === 'estimate'), 'the test model has no duration output: the times are estimated');
    const tip = r.status.find((s) => s.text.includes('天気')).tooltip;
    assert.match(tip, /天気 \(テンキ\)|天気（テンキ）/, 'the tooltip gives the word and its reading');
    assert.match(tip, /Word times estimated from the phonemes|音素数からの推定/, `the tooltip names the estimate: ${tip}`);
    const first = r.words.filter((w) => w.chunk === 0).map((w) => w.word);
    // Checked by hand: the first sentence's heard words, in reading order.
    for (const w of first) assert.ok(['今日', 'は', 'いい', '天気', 'です', 'ね'].includes(w), `unexpected word ${w}`);
    assert.ok(first.includes('天気'), `天気 was never highlighted: ${first}`);
    const tenki = r.words.find((w) => w.word === '天気');
    assert.strictEqual(tenki.reading, 'テンキ');
    assert.strictEqual(tenki.start, base + TEXT.indexOf('天気'), 'document offset = chunk start + word start');
    assert.ok(r.positions.length >= 10, `position events: ${r.positions.length}`);
    const m = measure(r);
    h.log(`word follow (${h.playback}, estimate): ${JSON.stringify(m)}`);
    // Moved at the word's start by the position clock, not at the next report (which would make it 50 ms late on
    // average); an extension host busy elsewhere can still delay one change (the maximum is logged above).
    assert.ok(m.lateMsMedian <= 25, `words were shown a median ${m.lateMsMedian} ms of audio after they began`);
  });

  it('with a model that has a duration output, the word times come from it', async function () {
    assert.ok(h.paths.durationModel, 'the launcher passed YOMIAGE_TEST_MODEL_DURATION');
    await h.baseSettings({ modelPath: h.paths.durationModel });
    try {
      const { doc, editor } = await h.openDoc('words-duration.txt', `一行目です。\n${TEXT}`);
      h.select(editor, TEXT);
      let panel;
      const r = await readAndFollow(doc, '一行目です。\n'.length, async () => {
        if (h.playback !== 'webview') return;
        // The panel shows the word being said on its own audio clock, with the source of the times as its tooltip
        // (read from the workbench page where the launcher gives access to it).
        await rec.waitFor((e) => e.type === 'word-started' && e.word === '天気', 30000, 'the word 天気');
        // The panel marks words on its own clock, the editor on the host's reports: on a busy machine the panel was
        // once seen a word behind at the first look (いい). It must reach 天気 within 250 ms; each look is logged.
        const t0 = Date.now();
        for (;;) {
          panel = await h.bridge('webviewQuery', { selector: '#now, span.word.now' });
          const marked = panel.find((p) => !/\d\.\d \/ \d\.\d s/.test(p.text));
          if (!marked || !['今日', 'は', 'いい'].includes(marked.text) || Date.now() - t0 > 250) break;
          h.log(`panel still marks ${marked.text} ${Date.now() - t0} ms after the editor showed 天気`);
        }
      });
      assert.ok(r.words.every((w) => w.source === 'duration'), `sources: ${[...new Set(r.words.map((w) => w.source))]}`);
      const tip = r.status.find((s) => s.text.includes('天気')).tooltip;
      assert.match(tip, /Word times from the model's durations|継続長出力から/, `the tooltip names the durations: ${tip}`);
      if (panel) {
        h.log(`panel during the reading: ${JSON.stringify(panel)}`);
        const now = panel.find((p) => /\d\.\d \/ \d\.\d s/.test(p.text));
        assert.ok(now && !now.hidden, `the panel shows no word and time: ${JSON.stringify(panel)}`);
        assert.strictEqual(now.title, "Word times from the model's durations", 'the panel\'s tooltip names the source');
        const marked = panel.find((p) => p !== now);
        assert.ok(marked && ['天気', 'です', 'ね'].includes(marked.text), `the panel marks ${marked && marked.text} just after 天気 was shown in the editor`);
        assert.ok(now.text.startsWith(marked.text), 'the bar shows the word marked in the text');
      }
      h.log(`word follow (${h.playback}, duration): ${JSON.stringify(measure(r))}`);
    } finally {
      await h.baseSettings();
    }
  });

  it('pause freezes the word highlight, resume moves it on; an edit before the sentence moves it along; stop clears it', async () => {
    const { doc, editor } = await h.openDoc('words-pause.txt', `一行目です。\n${TEXT}`);
    h.select(editor, TEXT);
    await vscode.commands.executeCommand('yomiage.readAloud');
    await rec.waitFor((e) => e.type === 'word-started' && e.chunk === 0 && e.index >= 1, 30000, 'the second word');
    await vscode.commands.executeCommand('yomiage.pauseResume');
    await h.until(() => a.state() === 'paused', 5000, 'paused');
    // Reports the player sent before it paused may still be on their way (up to ~250 ms seen on a busy machine) and
    // may move the word to where the player really stopped: wait until 400 ms pass without one (at most 2 s).
    let n = -1;
    for (let i = 0; i < 5 && n !== rec.of('word-started').length; i++) {
      n = rec.of('word-started').length;
      await h.sleep(400);
    }
    assert.strictEqual(rec.of('word-started').length, n, 'the word kept moving 2 s after the pause');
    const held = a.wordHighlight();
    // Typing before the sentence while paused: the highlight moves with the text.
    await editor.edit((e) => e.insert(new vscode.Position(0, 0), 'ああ'));
    await h.sleep(600);
    assert.strictEqual(rec.of('word-started').length, n, 'no word moved while paused');
    const moved = a.wordHighlight();
    assert.deepStrictEqual(moved, { start: held.start + 2, end: held.end + 2 }, 'the word highlight followed the edit');
    await vscode.commands.executeCommand('yomiage.pauseResume');
    const next = await rec.waitFor((e) => e.type === 'word-started', 10000, 'a word after resume', rec.events.length);
    assert.strictEqual(doc.getText().slice(next.start, next.end), next.word, 'a word after the edit is placed in the edited document');
    assert.ok(next.start >= moved.end, 'resume goes on after the held word');
    await vscode.commands.executeCommand('yomiage.stop');
    await h.until(() => a.state() === 'idle', 5000, 'idle');
    assert.strictEqual(a.wordHighlight(), undefined, 'stop clears the word highlight');
  });

  it('yomiage.highlightWords off: no word highlight in the editor (the events still say where the reading is)', async () => {
    await h.baseSettings({ highlightWords: false });
    const { editor } = await h.openDoc('words-off.txt', TEXT);
    h.select(editor, TEXT);
    let shown = 0;
    const poll = setInterval(() => {
      if (a.wordHighlightShown()) shown++;
    }, 10);
    try {
      await vscode.commands.executeCommand('yomiage.readAloud');
      await rec.waitFor((e) => e.type === 'finished', 60000, 'the end of speech');
    } finally {
      clearInterval(poll);
    }
    assert.ok(rec.of('word-started').length >= 4, 'word events');
    assert.strictEqual(shown, 0, 'the word was decorated although yomiage.highlightWords is off');
  });
});
