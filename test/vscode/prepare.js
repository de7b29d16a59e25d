// Shared by both launchers: builds the extension, generates the test model and finds the fixture voices, and
// returns the environment the suite reads inside the extension host.
'use strict';
const { execFileSync } = require('child_process');
const fs = require('fs');
const path = require('path');

const root = path.resolve(__dirname, '../..');

/** @param {{ tmp: string, build?: boolean }} opts */
function prepare({ tmp, build = true }) {
  if (build && !process.env.YOMIAGE_TEST_NO_BUILD) {
    execFileSync(process.execPath, [path.join(root, 'esbuild.js')], { cwd: root, stdio: 'inherit' });
  }
  const devCli = path.join(root, 'out', 'dev', 'cli.js');
  if (!fs.existsSync(devCli)) throw new Error(`missing ${devCli}: run "node esbuild.js" first`);

  const voices = path.resolve(process.env.YOMIAGE_FIXTURE_VOICES || path.join(root, '..', 'shared', 'fixtures', 'voices'));
  if (!fs.existsSync(path.join(voices, 'jf_alpha.bin'))) {
    throw new Error(`fixture voices not found in ${voices} (put ../shared beside the repo or set YOMIAGE_FIXTURE_VOICES)`);
  }

  // The real Kokoro weights cannot be downloaded in CI: the project generates a small Kokoro-shaped model.
  const model = path.join(tmp, 'test-model.onnx');
  try {
    execFileSync(process.execPath, [devCli, 'test-model', model], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (e) {
    throw new Error(`could not generate the test model with "node out/dev/cli.js test-model": ${String(e.stderr || e.message).trim()}`);
  }
  if (!fs.existsSync(model) || fs.statSync(model).size === 0) throw new Error(`test-model wrote nothing to ${model}`);
  // The same model with a `duration` output (word times from the model's durations instead of the estimate).
  const durationModel = path.join(tmp, 'test-model-duration.onnx');
  try {
    execFileSync(process.execPath, [devCli, 'test-model', durationModel, '--duration'], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (e) {
    throw new Error(`could not generate the test model with a duration output: ${String(e.stderr || e.message).trim()}`);
  }

  // The extension reads the manifest named by YOMIAGE_MANIFEST; it starts as a copy of the bundled one and the
  // download test rewrites it with loopback URLs.
  const manifest = path.join(tmp, 'manifest.json');
  fs.copyFileSync(path.join(root, 'models', 'manifest.json'), manifest);

  const shots = path.join(root, 'test-results');
  fs.mkdirSync(shots, { recursive: true });
  return {
    YOMIAGE_TEST_MODEL: model,
    YOMIAGE_TEST_MODEL_DURATION: durationModel,
    YOMIAGE_TEST_VOICES: voices,
    YOMIAGE_TEST_TMP: tmp,
    YOMIAGE_TEST_RESULT_FILE: path.join(tmp, 'result.json'),
    // Where the extension looks for the download manifest; the download test writes it with loopback URLs.
    YOMIAGE_MANIFEST: manifest,
    // Modal prompts (download? ...) are accepted without a click.
    YOMIAGE_TEST_AUTOACCEPT: '1',
  };
}

/** Reads the result file the suite writes ({ passes, failures, pending, tests }). */
function readResult(file) {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch {
    return undefined;
  }
}

module.exports = { prepare, readResult, root };
