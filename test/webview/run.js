#!/usr/bin/env node
// Runs the webview player tests (test/webview/*.test.ts): the real panel script (src/webview, bundled first to
// dist/webview/player.js by esbuild.js, as the extension ships it) in headless Debian Chromium via playwright-core. They need /usr/bin/chromium (or YOMIAGE_CHROMIUM); without it they FAIL, they never skip.
// Prints `N passed, N failed`. Screenshots go to test-results/.
const fs = require('fs');
const path = require('path');
const { execFileSync } = require('child_process');
const { runNodeTests, root } = require('../../scripts/lib/nodeTests');

execFileSync(process.execPath, [path.join(root, 'esbuild.js')], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });

const files = fs
  .readdirSync(__dirname)
  .filter((f) => f.endsWith('.test.ts'))
  .filter((f) => process.argv.slice(2).filter((a) => !a.startsWith('--name=')).every((s) => f.includes(s)))
  .map((f) => path.join(__dirname, f));
// --name=PATTERN runs only the tests whose name matches.
const names = process.argv.slice(2).filter((a) => a.startsWith('--name=')).map((a) => `--test-name-pattern=${a.slice(7)}`);
// A skipped browser test is a failure here (these tests exist to run the real browser), except the ones left out on
// purpose with --name.
runNodeTests(files, { args: ['--test-concurrency=1', ...names], skippedAreFailures: names.length === 0, skippedLabel: 'not selected' });
