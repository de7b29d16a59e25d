#!/usr/bin/env node
// Runs the webview player tests (test/webview/*.test.ts): the real media/player.js in headless Debian Chromium via
// playwright-core. They need /usr/bin/chromium (or YOMIAGE_CHROMIUM); without it they FAIL, they never skip.
// Prints `N passed, N failed`. Screenshots go to test-results/.
const { spawn } = require('child_process');
const fs = require('fs');
const path = require('path');

const root = path.resolve(__dirname, '../..');
const files = fs
  .readdirSync(__dirname)
  .filter((f) => f.endsWith('.test.ts'))
  .filter((f) => process.argv.slice(2).filter((a) => !a.startsWith('--name=')).every((s) => f.includes(s)))
  .map((f) => path.join(__dirname, f));
if (files.length === 0) {
  console.log('0 passed, 1 failed');
  process.exit(1);
}
// --name=PATTERN runs only the tests whose name matches.
const names = process.argv.slice(2).filter((a) => a.startsWith('--name=')).map((a) => `--test-name-pattern=${a.slice(7)}`);
const child = spawn(process.execPath, ['--import', 'tsx', '--test', '--test-concurrency=1', '--test-reporter=spec', ...names, ...files], {
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
  // A skipped browser test is a failure here (these tests exist to run the real browser), except the ones left
  // out on purpose with --name.
  const bad = fail + (names.length ? 0 : skipped);
  console.log(`${pass} passed, ${bad} failed${names.length && skipped ? `, ${skipped} not selected` : ''}`);
  process.exit(code === 0 && bad === 0 ? 0 : 1);
});
