// The system player dies mid-reading: the Yomiage panel takes over from the chunk that was playing, and the user
// is told so by a notification. Plays through the PulseAudio null sink of scripts/start-pulse.sh.
'use strict';
const assert = require('assert');
const { execFileSync } = require('child_process');
const path = require('path');
const vscode = require('vscode');
const h = require('./helpers');
const { SENTENCES } = h;

/** The player processes (dist/player.js) this extension host started, other than a probe: [{ pid, line }]. */
function playerChildren() {
  let out = '';
  try {
    out = execFileSync('pgrep', ['-a', '-P', String(process.pid), '-f', 'player\\.js'], { encoding: 'utf8' });
  } catch {
    return []; // pgrep exits 1 when nothing matches
  }
  return out.trim().split('\n').filter((l) => l && !l.includes('--probe-only')).map((line) => ({ pid: Number(line.split(' ')[0]), line }));
}

describe('player fallback', function () {
  let a;
  let rec;
  before(async function () {
    if (process.platform !== 'linux') this.skip(); // PulseAudio null sink and pgrep
    // The system player needs an audio device: the PulseAudio null sink (idempotent start, shared daemon).
    if (!process.env.PULSE_SERVER) {
      const out = execFileSync('bash', [path.join(h.root, 'scripts', 'start-pulse.sh')], { encoding: 'utf8' });
      const m = /^PULSE_SERVER=(.+)$/m.exec(out);
      assert.ok(m, `start-pulse.sh printed no PULSE_SERVER: ${out}`);
      process.env.PULSE_SERVER = m[1]; // inherited by the player child the extension host starts
    }
    a = await h.api();
    await h.baseSettings({ playback: 'system' });
    await h.stopAll(a);
    rec = new h.Recorder(a);
  });
  after(async () => {
    if (!rec) return;
    rec.dispose();
    await h.stopAll(a);
    await h.baseSettings();
  });

  it('the system player killed mid-reading: a notification says so, and the panel reads on from the chunk that failed', async () => {
    const text = SENTENCES.slice(0, 4).join('');
    const { editor } = await h.openDoc('fallback.txt', text);
    h.select(editor, text);
    await vscode.commands.executeCommand('notifications.clearAll');
    await vscode.commands.executeCommand('yomiage.readAloud');
    await rec.waitFor((e) => e.type === 'chunk-started' && e.index === 1, 60000, 'chunk 1 playing on the system player');
    assert.strictEqual(a.playerKind(), 'system');
    const children = playerChildren();
    assert.strictEqual(children.length, 1, `one player process: ${JSON.stringify(children)}`);
    const killedAt = rec.events.length;
    const killedTime = Date.now();
    process.kill(children[0].pid, 'SIGKILL');

    await rec.waitFor((e) => e.type === 'finished', 90000, 'the end of the reading in the panel');
    assert.strictEqual(a.playerKind(), 'webview');
    const plan = rec.lastPlan();
    assert.strictEqual(plan.chunks.length, 4);
    // before the kill: chunks 0 and 1 started on the system player; after it the panel starts at 1 and goes on
    const after = rec.events.slice(killedAt).filter((e) => e.type === 'chunk-started').map((e) => e.index);
    assert.deepStrictEqual(after, [1, 2, 3], `chunks started after the kill; events: ${rec.summary()}`);
    const resumed = rec.events.slice(killedAt).find((e) => e.type === 'chunk-started');
    h.log(`fallback: chunk 1 started again in the panel ${resumed.at - killedTime} ms after the kill`);
    assert.deepStrictEqual(rec.of('error'), []);

    const notices = rec.of('notice').map((e) => e.message);
    assert.strictEqual(notices.length, 1, `one notice: ${JSON.stringify(notices)}`);
    assert.match(notices[0], /system audio player failed .*Playing in the Yomiage panel instead/);
    const shown = await h.notifications();
    if (shown) {
      h.log('notifications:', shown.join(' | '));
      assert.ok(shown.some((t) => /system audio player failed .*Playing in the Yomiage panel instead/.test(t)),
        `the fallback notice is not in the notification centre: ${JSON.stringify(shown)}`);
    }
  });
});
