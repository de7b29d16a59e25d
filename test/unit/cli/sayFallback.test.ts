/**
 * `yomiage say` (no --out) when its player process is killed mid-reading: one line on stderr says so, a new player
 * process plays on, and the command still succeeds. Bundled CLI, real worker, PulseAudio null sink.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'child_process';
import { DIST_CLI, NEZUMI_BIN, modelFile, requireDist } from '../engine/helpers';
import { startPulse } from '../audio/pulse';

/** Player processes (dist/player.js) started by process `parent`: pids, probes left out. */
function players(parent: number): number[] {
  let out = '';
  try {
    out = execFileSync('pgrep', ['-a', '-P', String(parent), '-f', 'player\\.js'], { encoding: 'utf8' });
  } catch {
    return []; // pgrep exits 1 when nothing matches
  }
  return out.trim().split('\n').filter((l) => l && !l.includes('--probe-only')).map((l) => Number(l.split(' ')[0]));
}

test('say: the player process killed mid-reading → one notice on stderr, a new player plays on, exit 0', { timeout: 120000 }, async () => {
  requireDist();
  startPulse();
  // twelve sentences of about 1 s each with the test model (75 ms per token)
  const text = 'かさをもつ。あめがふる。いぬがなく。ねこがねる。はなをみる。みずをのむ。ほんをよむ。うたをきく。そらをみる。かぜがふく。つきがでる。ゆめをみる。';
  const child = spawn(process.execPath, [DIST_CLI, 'say', text, '--model', modelFile(), '--voice', NEZUMI_BIN], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  const exited = new Promise<number | null>((r) => child.on('close', (code) => r(code))); // after stderr is read
  // The player that plays: the one process that stays. A start-up attempt that gives up (a backend aborting where
  // there is no device) is gone within milliseconds, but the process that succeeds first probes its backend: paplay's
  // 30 ms test sound into an idle null sink can take up to ~2 s (the sink renders in 2 s blocks), and a kill during
  // that probe is a start-up failure (retried quietly), not a failure mid-reading. So the process must stay 4 s.
  let first: number | undefined;
  let since = 0;
  for (let i = 0; i < 400; i++) {
    await new Promise((r) => setTimeout(r, 50));
    const now = players(child.pid!);
    if (now.length !== 1 || now[0] !== first) {
      first = now.length === 1 ? now[0] : undefined;
      since = Date.now();
    } else if (Date.now() - since >= 4000) break;
  }
  assert.ok(first !== undefined && Date.now() - since >= 4000, `one player process stayed under the CLI; stderr: ${stderr}`);
  process.kill(first, 'SIGKILL');
  let second: number[] = [];
  for (let i = 0; i < 200 && second.length === 0; i++) {
    await new Promise((r) => setTimeout(r, 50));
    second = players(child.pid!).filter((p) => p !== first);
  }
  assert.equal(second.length, 1, `a new player process took over; stderr: ${stderr}`);
  assert.equal(await exited, 0, stderr);
  const lines = stderr.trim().split('\n');
  assert.equal(lines.length, 1, stderr);
  assert.match(lines[0], /^yomiage say: the audio player failed \(system player process exited \(SIGKILL\).*\); playing on through a new \S+ player$/);
});
