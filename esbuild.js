// Bundles the extension host entry, the worker, the CLI, the player process and the webview script into dist/ (what ships), and the developer CLI
// (test/support/devCli.ts: test model generator, bench on it) into out/dev/, which is never packaged.
// `vscode` is provided by the editor; onnxruntime-node ships native binaries and stays a runtime dependency.
const esbuild = require('esbuild');
const fs = require('fs');
const path = require('path');

const watch = process.argv.includes('--watch');
const production = process.argv.includes('--production');

/**
 * IPADIC (from the kuromoji package, a build-time input) compiled into one flat file read at run time,
 * dist/dict/ipadic.bin; rebuilt only when its sources change. Files of the old layout are removed.
 */
function buildDictionary() {
  const from = path.join(__dirname, 'node_modules', 'kuromoji', 'dict');
  const to = path.join(__dirname, 'dist', 'dict');
  if (!fs.existsSync(from)) return;
  require('./scripts/build-dictionary').buildDictionary(from, path.join(to, 'ipadic.bin'));
  for (const f of fs.readdirSync(to)) if (f.endsWith('.dat.gz')) fs.rmSync(path.join(to, f));
}

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: production ? false : 'linked',
  minify: production,
  external: ['vscode', 'onnxruntime-node', 'speaker'],
  logLevel: 'warning',
  loader: { '.tsv': 'text' },
};

const entries = [
  { entryPoints: ['src/extension.ts'], outfile: 'dist/extension.js' },
  { entryPoints: ['src/worker.ts'], outfile: 'dist/worker.js' },
  { entryPoints: ['src/cli.ts'], outfile: 'dist/cli.js', banner: { js: '#!/usr/bin/env node' } },
  { entryPoints: ['src/core/audio/playerProcess.ts'], outfile: 'dist/player.js' },
  { entryPoints: ['test/support/devCli.ts'], outfile: 'out/dev/cli.js' },
  // The player panel's script runs in the webview (a browser), loaded by vscode/webviewPlayer.ts from dist/webview.
  { entryPoints: ['src/webview/player.ts'], outfile: 'dist/webview/player.js', platform: 'browser', format: 'iife', target: 'chrome120', external: [] },
];

(async () => {
  const t0 = Date.now();
  buildDictionary();
  if (watch) {
    for (const e of entries) (await esbuild.context({ ...common, ...e })).watch();
    console.log('esbuild: watching');
    return;
  }
  // Each bundle is built on its own, so one broken entry does not keep the others stale.
  const results = await Promise.allSettled(entries.map((e) => esbuild.build({ ...common, ...e })));
  const failed = results.filter((r) => r.status === 'rejected');
  if (failed.length) throw new Error(`esbuild: ${failed.length} of ${entries.length} bundles failed`);
  console.log(`esbuild: built ${entries.length} bundles in ${Date.now() - t0} ms`);
})().catch((e) => {
  console.error(e.message);
  process.exit(1);
});
