// Runs TypeScript test files with Node's own test runner (through tsx), echoes the spec report, then prints one
// closing line `N passed, N failed` and exits with 0 only when nothing failed. Shared by the unit and webview runners.
const { spawn } = require('child_process');
const path = require('path');

const root = path.resolve(__dirname, '../..');

/**
 * @param {string[]} files test files
 * @param {{ args?: string[], skippedAreFailures?: boolean, skippedLabel?: string }} opts
 *   args: extra node --test arguments; skippedAreFailures: count skipped/todo tests as failed (for suites that exist
 *   to run a real browser); otherwise they are reported apart as `skippedLabel` (never as passed).
 */
function runNodeTests(files, opts = {}) {
  if (files.length === 0) {
    console.error('no test files found');
    console.log('0 passed, 1 failed');
    process.exit(1);
  }
  const child = spawn(process.execPath, ['--import', 'tsx', '--test', '--test-reporter=spec', ...(opts.args ?? []), ...files], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, FORCE_COLOR: '0' },
  });
  let out = '';
  child.stdout.on('data', (d) => {
    out += d;
    process.stdout.write(d);
  });
  child.on('exit', (code) => {
    const num = (k) => {
      const m = new RegExp(`^ℹ ${k} (\\d+)$`, 'm').exec(out);
      return m ? Number(m[1]) : NaN;
    };
    const pass = num('pass');
    const fail = num('fail') + (num('cancelled') || 0);
    const skipped = (num('skipped') || 0) + (num('todo') || 0);
    if (Number.isNaN(pass) || Number.isNaN(fail)) {
      console.log('0 passed, 1 failed');
      process.exit(1);
    }
    const failed = fail + (opts.skippedAreFailures ? skipped : 0);
    const note = !opts.skippedAreFailures && skipped ? `, ${skipped} ${opts.skippedLabel ?? 'skipped'}` : '';
    console.log(`${pass} passed, ${failed} failed${note}`);
    process.exit(code === 0 && failed === 0 ? 0 : 1);
  });
}

module.exports = { runNodeTests, root };
