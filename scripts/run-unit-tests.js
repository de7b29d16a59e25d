#!/usr/bin/env node
// Runs every test/unit/**/*.test.ts with Node's own test runner (TypeScript through tsx), prints the spec report,
// then one closing line `N passed, N failed` (skipped and todo tests are counted apart, never as passed).
// Usage: node scripts/run-unit-tests.js [path-substring...]
const fs = require('fs');
const path = require('path');
const { runNodeTests, root } = require('./lib/nodeTests');

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
runNodeTests(files);
