#!/usr/bin/env node
// Runs every test/unit/**/*.test.ts with Node's own test runner (TypeScript through tsx), prints the spec report,
// then one closing line `N passed, N failed` (skipped and todo tests are counted apart, never as passed).
// Usage: node scripts/run-unit-tests.js [filter-substring...]
const { spawn } = require('child_process');
const fs = require('fs');
const path = require('path');

const root = path.resolve(__dirname, '..');
const filters = process.argv.slice(2);
function walk(dir) {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    const p = path.join(dir, d.name);
    return d.isDirectory() ? walk(p) : d.name.endsWith('.test.ts') ? [p] : [];
  });
}
const files = walk(path.join(root, 'test', 'unit'))
  .filter((f) => filters.length === 0 || filters.some((s) => f.includes(s)))
  .sort();
if (files.length === 0) {
  console.error('no test files found');
  console.log('0 passed, 1 failed');
  process.exit(1);
}
const child = spawn(process.execPath, ['--import', 'tsx', '--test', '--test-reporter=spec', ...files], {
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
  const fail = num('fail');
  const skipped = (num('skipped') || 0) + (num('todo') || 0) + (num('cancelled') || 0);
  if (Number.isNaN(pass) || Number.isNaN(fail)) {
    console.log(`0 passed, 1 failed`);
    process.exit(1);
  }
  const failed = fail + (num('cancelled') || 0);
  console.log(`${pass} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
  process.exit(code === 0 && failed === 0 ? 0 : 1);
});
