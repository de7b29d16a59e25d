/** `bench --json` through the real worker (a cheap cost knob here: the figures themselves are not judged). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'child_process';
import { DEV_CLI, DIST_CLI, NEZUMI_BIN, requireDist } from '../engine/helpers';

test('bench --json prints the figures of issues 6 and 13 as one JSON object, alone on stdout', () => {
  requireDist();
  const r = spawnSync(process.execPath, [DEV_CLI, 'bench', '--json', '--cost', '20', '--voice', NEZUMI_BIN], { encoding: 'utf8', timeout: 180_000 });
  assert.equal(r.status, 0, r.stderr);
  // stdout is the one JSON object and nothing else (the table goes to stderr)
  const j = JSON.parse(r.stdout) as Record<string, number>;
  assert.equal(r.stdout.trim().split('\n').length, 1, 'one line on stdout');
  assert.match(r.stderr, /ttfa_short_ms .*median of 5/);
  const keys = [
    'ttfa_short_ms', 'ttfa_long_ms', 'ttfa_ratio', 'rtf', 'overhead_share', 'session_create_ms', 'dict_load_ms',
    'rss_before_load_mb', 'rss_loaded_mb', 'rss_after_unload_mb', 'g2p_paragraph_ms',
    'analyser_load_ms', 'analyser_rss_mb', 'ttfa_cold_ms', 'ttfa_repeats', 'overhead_ms_per_chunk', 'kokoro_run_ms_per_chunk',
    'overhead_share_kokoro', 'rss_peak_mb', 'rss_end_mb',
  ];
  for (const k of keys) {
    assert.equal(typeof j[k], 'number', k);
    assert.ok(Number.isFinite(j[k]) && j[k] > 0, `${k} = ${j[k]}`);
  }
  assert.ok(j.overhead_share < 1);
  assert.equal(j.long_text_chunks, 20);
  assert.ok(j.rss_loaded_mb > j.rss_before_load_mb, 'loading the model and dictionary costs memory');
  assert.ok(j.rss_after_unload_mb < j.rss_loaded_mb, 'unloading gives memory back');
  assert.ok(j.ttfa_repeats >= 5, 'warm ttfa figures are medians of at least 5 repeats');
  const all = j as unknown as Record<string, number[]>;
  assert.equal(all.ttfa_short_all_ms.length, j.ttfa_repeats);
  assert.equal(all.ttfa_long_all_ms.length, j.ttfa_repeats);
  // the process peak is at least every RSS seen along the way, the reader loaded in-process at the end included
  for (const k of ['rss_loaded_mb', 'rss_after_unload_mb', 'rss_end_mb']) assert.ok(j.rss_peak_mb >= j[k], `peak ${j.rss_peak_mb} < ${k} ${j[k]}`);
  assert.ok(j.paragraph_chars >= 250 && j.paragraph_chars <= 320);
});

test('the shipped CLI has no test model: its bench needs --model and takes no --cost', () => {
  requireDist();
  const bare = spawnSync(process.execPath, [DIST_CLI, 'bench', '--voice', NEZUMI_BIN], { encoding: 'utf8', timeout: 60_000 });
  assert.equal(bare.status, 2, bare.stderr);
  assert.match(bare.stderr, /bench needs --model FILE/);
  const cost = spawnSync(process.execPath, [DIST_CLI, 'bench', '--cost', '20'], { encoding: 'utf8', timeout: 60_000 });
  assert.equal(cost.status, 2, cost.stderr);
});
