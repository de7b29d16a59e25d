#!/usr/bin/env node
// npm run package: platform-specific VSIX files, each with only its own onnxruntime binary.
//
//   node scripts/package.js [--target T]... [--skip-build] [--smoke | --smoke-full]
//
// 1. production build (node esbuild.js --production);
// 2. per target: a staging folder out/package/<target> with the allow-listed files of .vscodeignore (bundled JS
//    without maps, dist/dict, media, l10n, package.nls*, models/manifest.json, README, LICENSE) plus
//    dist/node_modules/onnxruntime-node holding its JS and bin/napi-v6/<os>/<arch> of that target only (and
//    onnxruntime-common, which it requires). The bundles in dist/ require('onnxruntime-node'), which Node resolves
//    from dist/node_modules first. Then `vsce package --no-dependencies --target <target>` → out/vsix/;
// 3. each VSIX is opened and checked: what must be there is there, and no sources, tests, maps, other platforms'
//    binaries or models;
// 4. --smoke: the linux-x64 VSIX is installed into the offline VS Code (code-server) and the part of the integration
//    suite that packaging can break runs against the installed extension (test/vscode/runOffline.js --vsix);
//    --smoke-full runs the whole suite there.
// Prints a size table and `N passed, N failed` last (one check per package, plus the smoke suite's tests).
//
// Targets: onnxruntime-node 1.30 ships binaries for linux x64/arm64, win32 x64/arm64 and darwin arm64 only. There is
// no darwin-x64 binary (Intel Macs), so no darwin-x64 VSIX is built: the Marketplace then shows the extension as not
// available for Intel Macs instead of installing one that cannot load its engine. Alpine (musl) has no binary either.
'use strict';
const { execFileSync, spawn } = require('child_process');
const fs = require('fs');
const path = require('path');
const { notices: catalogNotices } = require('./lib/catalog');

const root = path.resolve(__dirname, '..');
const DEFAULT_TARGETS = ['linux-x64', 'linux-arm64', 'win32-x64', 'win32-arm64', 'darwin-arm64'];
const UNSUPPORTED = { 'darwin-x64': 'onnxruntime-node 1.30 ships no darwin-x64 (Intel Mac) binary',
  'alpine-x64': 'onnxruntime-node ships no musl binary', 'alpine-arm64': 'onnxruntime-node ships no musl binary' };
const ORT = path.join(root, 'node_modules', 'onnxruntime-node');
const ORT_COMMON = path.join(root, 'node_modules', 'onnxruntime-common');
// The native audio output addons: which file serves which target is data shared with the player (nativeDevice.ts).
const AUDIO = require(path.join(root, 'src', 'core', 'audio', 'nativeAudio.json'));
const AUDIO_DIR = path.join(root, 'node_modules', ...AUDIO.package.split('/'), ...AUDIO.folder.split('/'));
/** The audio addon file of a vsce target (the VSIX carries it as dist/audio/<file>). */
const audioAddon = (target) => AUDIO.addons[target];
/** Any of the audio addon files, whatever its platform. */
const AUDIO_ADDON_NAMES = new Set(Object.values(AUDIO.addons));
const STAGE = path.join(root, 'out', 'package');
const OUT = path.join(root, 'out', 'vsix');

const argv = process.argv.slice(2);
const targets = argv.flatMap((a, i) => (argv[i - 1] === '--target' ? [a] : []));
const smoke = argv.includes('--smoke') || argv.includes('--smoke-full');
const skipBuild = argv.includes('--skip-build');
const t0 = Date.now();
const log = (...a) => console.log(`[package +${((Date.now() - t0) / 1000).toFixed(1)}s]`, ...a);

function copy(from, to) {
  fs.mkdirSync(path.dirname(to), { recursive: true });
  fs.copyFileSync(from, to);
}

/** Copies a folder, keeping files for which keep(relativePath) is true. */
function copyTree(from, to, keep = () => true, rel = '') {
  for (const e of fs.readdirSync(path.join(from, rel), { withFileTypes: true })) {
    const r = path.join(rel, e.name);
    if (e.isDirectory()) copyTree(from, to, keep, r);
    else if (e.isFile() && keep(r.split(path.sep).join('/'))) copy(path.join(from, r), path.join(to, r));
  }
}

/** The onnxruntime binary folder of a vsce target, e.g. win32-x64 → bin/napi-v6/win32/x64. */
function ortBinDir(target) {
  const [os, arch] = target.split('-');
  const napi = fs.readdirSync(path.join(ORT, 'bin')).filter((d) => /^napi-v\d+$/.test(d));
  for (const n of napi) {
    const dir = path.join(ORT, 'bin', n, os, arch);
    if (fs.existsSync(path.join(dir, 'onnxruntime_binding.node'))) return path.relative(ORT, dir).split(path.sep).join('/');
  }
  return undefined;
}

let notices;
function stage(target) {
  notices ??= thirdPartyNotices();
  const dir = path.join(STAGE, target);
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  for (const f of fs.readdirSync(root)) {
    if (/^(package\.json|package\.nls(\.[\w-]+)?\.json|README\.md|CHANGELOG\.md|LICENSE|\.vscodeignore)$/.test(f)) copy(path.join(root, f), path.join(dir, f));
  }
  // Bundles (no maps, no node_modules of a previous staging), the dictionary, media, translations, the manifest.
  copyTree(path.join(root, 'dist'), path.join(dir, 'dist'), (r) => !r.endsWith('.map') && !r.startsWith('node_modules/'));
  for (const d of ['media', 'l10n']) if (fs.existsSync(path.join(root, d))) copyTree(path.join(root, d), path.join(dir, d));
  copy(path.join(root, 'models', 'manifest.json'), path.join(dir, 'models', 'manifest.json'));
  fs.writeFileSync(path.join(dir, 'ThirdPartyNotices.txt'), notices);
  // onnxruntime-node: its JS, its licence and the one binary folder of this target.
  const bin = ortBinDir(target);
  const ortDir = path.join(dir, 'dist', 'node_modules', 'onnxruntime-node');
  const dup = duplicateDylib(bin);
  copyTree(ORT, ortDir, (r) => r === 'package.json' || r === 'README.md' || r === 'LICENSE' || (/^dist\/[^/]+\.js$/.test(r))
    || (r.startsWith(bin + '/') && r !== dup));
  // The native audio output: this target's addon only.
  copy(path.join(AUDIO_DIR, audioAddon(target)), path.join(dir, 'dist', 'audio', audioAddon(target)));
  copyTree(ORT_COMMON, path.join(dir, 'dist', 'node_modules', 'onnxruntime-common'),
    // dist/cjs/package.json marks the folder CommonJS (the package itself is "type": "module").
    (r) => r === 'package.json' || r === 'LICENSE' || (r.startsWith('dist/cjs/') && (r.endsWith('.js') || r === 'dist/cjs/package.json')));
  return dir;
}

/**
 * macOS: the npm package carries libonnxruntime.1.30.0.dylib and libonnxruntime.1.dylib as two identical 44 MB
 * files (a symlink upstream); the binding loads only @rpath/libonnxruntime.1.dylib, so the versioned copy is left out.
 */
function duplicateDylib(bin) {
  const dir = path.join(ORT, bin);
  const main = path.join(dir, 'libonnxruntime.1.dylib');
  if (!fs.existsSync(main)) return undefined;
  const versioned = fs.readdirSync(dir).find((f) => /^libonnxruntime\.\d+\.\d+\.\d+\.dylib$/.test(f));
  if (!versioned || !fs.readFileSync(main).equals(fs.readFileSync(path.join(dir, versioned)))) return undefined;
  return `${bin}/${versioned}`;
}

/**
 * ThirdPartyNotices.txt: the licence of every package whose code or data ships in the VSIX (the runtime dependencies
 * and what they pull in, bundled by esbuild or staged), found by walking package.json dependencies. onnxruntime-node's
 * own dependencies adm-zip and global-agent serve only its install script and are not shipped.
 */
const INSTALL_ONLY = new Set(['adm-zip', 'global-agent',
  // @echogarden/audio-io's WAV codec serves its JS player, which is not shipped (only the addon file is).
  '@echogarden/wave-codec']);
function thirdPartyNotices() {
  const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
  const seen = new Map();
  const visit = (name, from) => {
    if (seen.has(name) || INSTALL_ONLY.has(name)) return;
    let dir = path.join(from, 'node_modules', name);
    if (!fs.existsSync(dir)) dir = path.join(root, 'node_modules', name);
    if (!fs.existsSync(path.join(dir, 'package.json'))) return;
    const p = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'));
    seen.set(name, { dir, p });
    for (const d of Object.keys(p.dependencies || {})) visit(d, dir);
  };
  for (const d of Object.keys(pkg.dependencies || {})) visit(d, root);
  const parts = ['Yomiage ships code and data from the following packages.\n'];
  parts.push(catalogNotices(), '');
  for (const [name, { dir, p }] of [...seen].sort(([a], [b]) => a.localeCompare(b))) {
    const files = fs.readdirSync(dir).filter((f) => /^(licen[cs]e|notice|copying)/i.test(f));
    parts.push(`${'='.repeat(78)}\n${name} ${p.version} (${p.license || 'see below'})${p.homepage ? ` ${p.homepage}` : ''}\n${'='.repeat(78)}`);
    for (const f of files) parts.push(fs.readFileSync(path.join(dir, f), 'utf8').trim());
    if (!files.length) parts.push(`Licensed under ${p.license}; the package ships no licence file.`);
    parts.push('');
  }
  return parts.join('\n\n');
}

/** On the machine's own platform: the staged onnxruntime-node loads and lists its backends (a quick check). */
function loadCheck(dir) {
  const ort = path.join(dir, 'dist', 'node_modules', 'onnxruntime-node');
  const out = execFileSync(process.execPath, ['-e',
    `const o = require(${JSON.stringify(ort)}); process.stdout.write(typeof o.InferenceSession.create + ' ' + require.resolve('onnxruntime-common', { paths: [${JSON.stringify(ort)}] }))`],
  { cwd: dir, encoding: 'utf8' });
  if (!out.startsWith('function ') || !out.includes(dir)) throw new Error(`staged onnxruntime-node did not load from the package: ${out}`);
  const addon = path.join(dir, 'dist', 'audio', audioAddon(`${process.platform}-${process.arch}`));
  const a = execFileSync(process.execPath, ['-e', `process.stdout.write(typeof require(${JSON.stringify(addon)}).createAudioOutput)`], { cwd: dir, encoding: 'utf8' });
  if (a !== 'function') throw new Error(`staged audio addon did not load: ${a}`);
}

/** Entry names of a zip file (central directory), without any dependency. */
function zipEntries(file) {
  const buf = fs.readFileSync(file);
  let eocd = buf.length - 22;
  while (eocd >= 0 && buf.readUInt32LE(eocd) !== 0x06054b50) eocd--;
  if (eocd < 0) throw new Error(`${file} is not a zip file`);
  const count = buf.readUInt16LE(eocd + 10);
  let p = buf.readUInt32LE(eocd + 16);
  const names = [];
  for (let i = 0; i < count; i++) {
    if (buf.readUInt32LE(p) !== 0x02014b50) throw new Error(`${file}: bad central directory`);
    const n = buf.readUInt16LE(p + 28), x = buf.readUInt16LE(p + 30), c = buf.readUInt16LE(p + 32);
    names.push(buf.toString('utf8', p + 46, p + 46 + n));
    p += 46 + n + x + c;
  }
  return { names, buf };
}

/** Problems found in one VSIX (empty when it is right). */
function check(file, target) {
  const { names, buf } = zipEntries(file);
  const bin = ortBinDir(target);
  const problems = [];
  const must = ['extension/package.json', 'extension/LICENSE.txt', 'extension/ThirdPartyNotices.txt', 'extension/dist/extension.js', 'extension/dist/worker.js', 'extension/dist/webview/player.js',
    'extension/models/manifest.json', 'extension/dist/node_modules/onnxruntime-node/package.json',
    'extension/dist/node_modules/onnxruntime-node/dist/index.js', `extension/dist/node_modules/onnxruntime-node/${bin}/onnxruntime_binding.node`,
    'extension/dist/node_modules/onnxruntime-common/dist/cjs/index.js', 'extension/dist/node_modules/onnxruntime-common/dist/cjs/package.json'];
  must.push(`extension/dist/audio/${audioAddon(target)}`);
  for (const m of must) if (!names.includes(m)) problems.push(`missing ${m}`);
  const audio = audioBinaries(names);
  if (audio.length !== 1) problems.push(`${audio.length} native audio binaries (want exactly this target's one): ${audio.join(', ')}`);
  if (!names.some((n) => n === 'extension/dist/dict/ipadic.bin')) problems.push('missing the dictionary (dist/dict)');
  for (const n of names) {
    if (/\.map$/.test(n)) problems.push(`source map ${n}`);
    else if (/^extension\/(src|test|scripts|\.vscode-test|out)\//.test(n)) problems.push(`not for users: ${n}`);
    else if (/\.(ts|onnx|wav|npy|vsix)$/.test(n) && !n.endsWith('.d.ts')) problems.push(`not for users: ${n}`);
    else if (/^extension\/node_modules\//.test(n)) problems.push(`unexpected top-level node_modules: ${n}`);
    else if (/\/onnxruntime-node\/bin\//.test(n) && !n.includes(`/onnxruntime-node/${bin}/`)) problems.push(`another platform's binary: ${n}`);
  }
  // The manifest names the target platform, so the Marketplace serves the right file.
  const manifest = names.includes('extension.vsixmanifest') ? readEntry(buf, 'extension.vsixmanifest') : '';
  if (!manifest.includes(`TargetPlatform="${target}"`)) problems.push(`extension.vsixmanifest does not name TargetPlatform="${target}"`);
  return { problems, files: names.length };
}

/** The native audio addon files inside a VSIX (by name, wherever they are). */
function audioBinaries(names) {
  return names.filter((n) => AUDIO_ADDON_NAMES.has(path.posix.basename(n)));
}

/** Reads one stored/deflated entry of a zip buffer as text. */
function readEntry(buf, name) {
  const zlib = require('zlib');
  let p = 0;
  while (p < buf.length - 30 && buf.readUInt32LE(p) === 0x04034b50) {
    const method = buf.readUInt16LE(p + 8), size = buf.readUInt32LE(p + 18), n = buf.readUInt16LE(p + 26), x = buf.readUInt16LE(p + 28);
    const entry = buf.toString('utf8', p + 30, p + 30 + n);
    const data = buf.subarray(p + 30 + n + x, p + 30 + n + x + size);
    if (entry === name) return (method === 8 ? zlib.inflateRawSync(data) : data).toString('utf8');
    p += 30 + n + x + size;
  }
  return '';
}

/**
 * The smoke test: what packaging can break (activation and contributions, the worker loading the packaged
 * onnxruntime, the dictionary, the webview's media files, the download into global storage) plus the checks of the
 * installed files. --smoke-full runs the whole suite against the installed extension instead.
 */
const SMOKE_GREP = 'activation|installed package|reads the selection|context menu|bad model|download';

function runSmoke(vsix) {
  const grep = argv.includes('--smoke-full') ? [] : ['--grep', SMOKE_GREP];
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [path.join(root, 'test', 'vscode', 'runOffline.js'), '--vsix', vsix, ...grep],
      { cwd: root, stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, YOMIAGE_TEST_NO_BUILD: '1' } });
    let out = '';
    child.stdout.on('data', (d) => { out += d; process.stdout.write(d); });
    child.on('close', (code) => {
      const m = /(\d+) passed, (\d+) failed\s*$/.exec(out.trim());
      const passed = m ? Number(m[1]) : 0;
      let failed = m ? Number(m[2]) : 1;
      if (code !== 0 && failed === 0) failed = 1;
      resolve({ passed, failed });
    });
  });
}

async function main() {
  const list = targets.length ? targets : DEFAULT_TARGETS;
  for (const t of list) {
    if (UNSUPPORTED[t]) throw new Error(`no VSIX for ${t}: ${UNSUPPORTED[t]}`);
    if (!ortBinDir(t)) throw new Error(`no onnxruntime binary for ${t} in ${path.join(ORT, 'bin')}`);
  }
  if (!skipBuild) {
    log('production build');
    execFileSync(process.execPath, [path.join(root, 'esbuild.js'), '--production'], { cwd: root, stdio: 'inherit' });
  }
  for (const f of ['dist/extension.js', 'dist/worker.js']) if (!fs.existsSync(path.join(root, f))) throw new Error(`missing ${f}`);
  const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
  const vsce = require.resolve('@vscode/vsce/vsce');
  fs.mkdirSync(OUT, { recursive: true });

  let passed = 0;
  let failed = 0;
  const rows = [];
  const built = {};
  for (const target of list) {
    const dir = stage(target);
    if (target === `${process.platform}-${process.arch}`) {
      try {
        loadCheck(dir);
      } catch (e) {
        console.error(`${target}: ${e.message}`);
        failed++;
        continue;
      }
    }
    const file = path.join(OUT, `${pkg.name}-${target}-${pkg.version}.vsix`);
    fs.rmSync(file, { force: true });
    try {
      execFileSync(process.execPath, [vsce, 'package', '--no-dependencies', '--target', target, '--out', file],
        { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8' });
    } catch (e) {
      console.error(`vsce package --target ${target} failed:\n${e.stdout || ''}${e.stderr || e.message}`);
      failed++;
      continue;
    }
    const { problems, files } = check(file, target);
    const mb = (fs.statSync(file).size / 1048576).toFixed(1);
    rows.push(`  ${target.padEnd(13)} ${mb.padStart(6)} MB  ${String(files).padStart(4)} files  ${path.relative(root, file)}`);
    if (problems.length) {
      console.error(`${path.basename(file)}:\n  ${problems.slice(0, 20).join('\n  ')}`);
      failed++;
    } else {
      passed++;
      built[target] = file;
    }
    log(`${target}: ${mb} MB${problems.length ? `, ${problems.length} problems` : ', checked'}`);
  }
  fs.rmSync(STAGE, { recursive: true, force: true });
  console.log(`VSIX packages (darwin-x64: none, ${UNSUPPORTED['darwin-x64']}):\n${rows.join('\n')}`);

  if (smoke) {
    if (!built['linux-x64']) {
      console.error('smoke test: no valid linux-x64 VSIX');
      failed++;
    } else {
      log('smoke test: installing the linux-x64 VSIX into code-server and running the suite against it');
      const r = await runSmoke(built['linux-x64']);
      passed += r.passed;
      failed += r.failed;
    }
  }
  log('done');
  console.log(`${passed} passed, ${failed} failed`);
  return failed === 0 && passed > 0 ? 0 : 1;
}

if (require.main !== module) {
  module.exports = { zipEntries, audioBinaries, audioAddon };
  return;
}

main().then((c) => process.exit(c), (e) => {
  console.error(e && e.message || e);
  console.log('0 passed, 1 failed');
  process.exit(1);
});
