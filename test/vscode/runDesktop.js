#!/usr/bin/env node
// Desktop launcher for the integration suite (npm run test:vscode:desktop), for machines that can download
// VS Code: @vscode/test-electron downloads a VS Code build (VSCODE_VERSION, default stable) into .vscode-test/
// and runs test/vscode/suite in its extension host. Prints "N passed, N failed" last; exit 0 only if all passed.
//
//   node test/vscode/runDesktop.js                 against the development folder
//   node test/vscode/runDesktop.js --vsix X.vsix   against X installed into a fresh extensions folder
//   --grep TEXT     only tests whose title contains TEXT
// Desktop VS Code webviews refuse audio until the user clicks into them (microsoft/vscode#237030), so this
// launcher plays through the system player (yomiage.playback = system) unless YOMIAGE_TEST_PLAYBACK says otherwise;
// checks that need the workbench page (status bar DOM, screenshots) are skipped here (counted as pending).
'use strict';
const fs = require('fs');
const os = require('os');
const path = require('path');
const { prepare, readResult, root } = require('./prepare');

const argv = process.argv.slice(2);
const opt = (name) => {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : undefined;
};
const vsix = opt('--vsix') && path.resolve(opt('--vsix'));
const grep = opt('--grep');

async function main() {
  const { runTests, downloadAndUnzipVSCode, resolveCliArgsFromVSCodeExecutablePath } = require('@vscode/test-electron');
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'yomiage-desktop-'));
  const ws = path.join(tmp, 'workspace');
  const userData = path.join(tmp, 'data');
  const extDir = path.join(tmp, 'extensions');
  for (const d of [ws, userData, extDir]) fs.mkdirSync(d, { recursive: true });
  const env = { ...prepare({ tmp, build: !vsix }), YOMIAGE_TEST_PLAYBACK: process.env.YOMIAGE_TEST_PLAYBACK || 'system' };
  if (grep) env.YOMIAGE_TEST_GREP = grep;

  const vscodeExecutablePath = await downloadAndUnzipVSCode(process.env.VSCODE_VERSION || 'stable');
  const profile = [`--user-data-dir=${userData}`, `--extensions-dir=${extDir}`];
  let extensionDevelopmentPath = root;
  const launchArgs = [ws, ...profile, '--disable-workspace-trust', '--skip-welcome', '--skip-release-notes'];
  if (vsix) {
    const [cli, ...cliArgs] = resolveCliArgsFromVSCodeExecutablePath(vscodeExecutablePath, { reuseMachineInstall: true });
    const r = require('child_process').spawnSync(cli, [...cliArgs, ...profile, '--install-extension', vsix],
      { encoding: 'utf8', shell: process.platform === 'win32' });
    if (r.status !== 0 || !/successfully installed/i.test(r.stdout)) throw new Error(`installing ${vsix} failed:\n${r.stdout}${r.stderr}`);
    env.YOMIAGE_TEST_INSTALLED = extDir;
    // test-electron always passes a development path: give it an empty extension so the installed copy is the one tested.
    extensionDevelopmentPath = path.join(tmp, 'host');
    fs.mkdirSync(extensionDevelopmentPath);
    fs.writeFileSync(path.join(extensionDevelopmentPath, 'package.json'),
      JSON.stringify({ name: 'test-host', publisher: 'yomiage-test', version: '0.0.0', engines: { vscode: '*' } }));
  } else {
    launchArgs.push('--disable-extensions'); // other installed extensions stay out; the development one still loads
  }

  let code;
  try {
    code = await runTests({
      vscodeExecutablePath,
      extensionDevelopmentPath,
      extensionTestsPath: path.join(__dirname, 'suite', 'index.js'),
      extensionTestsEnv: env,
      launchArgs,
    });
  } catch (e) {
    code = e && typeof e.code === 'number' ? e.code : String(e && e.message || e);
    console.error('VS Code test run failed:', code);
  }
  const r = readResult(env.YOMIAGE_TEST_RESULT_FILE);
  fs.rmSync(tmp, { recursive: true, force: true });
  const passed = r ? r.passes : 0;
  let failed = r ? r.failures : 0;
  const ok = code === 0 && r && failed === 0 && passed > 0;
  if (!ok && failed === 0) failed = 1;
  if (r && r.pending) console.log(`${r.pending} pending (skipped) tests are not counted as passed`);
  console.log(`${passed} passed, ${failed} failed`);
  return ok ? 0 : 1;
}

main().then((c) => process.exit(c), (e) => {
  console.error(e && e.message || e);
  console.log('0 passed, 1 failed');
  process.exit(1);
});
