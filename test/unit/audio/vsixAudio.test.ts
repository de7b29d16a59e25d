// Each platform VSIX carries exactly one native audio addon, its own (scripts/package.js stages it as dist/audio/),
// and the player finds an addon there before node_modules.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { addonFile, addonPath } from '../../../src/core/audio/nativeDevice';

const root = path.resolve(__dirname, '../../..');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const pkg = require(path.join(root, 'scripts', 'package.js')) as {
  zipEntries(file: string): { names: string[] };
  audioBinaries(names: string[]): string[];
};

test('the linux-x64 and win32-x64 VSIX each hold exactly one native audio binary, their own', { timeout: 300000 }, () => {
  const out = execFileSync(process.execPath, [path.join(root, 'scripts', 'package.js'), '--target', 'linux-x64', '--target', 'win32-x64', '--skip-build'], {
    cwd: root,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  assert.match(out, /2 passed, 0 failed\s*$/);
  const version = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')).version;
  const want: Record<string, string> = {
    'linux-x64': 'extension/dist/audio/linux-x64-alsa-output.node',
    'win32-x64': 'extension/dist/audio/windows-x64-mme-output.node',
  };
  for (const [target, file] of Object.entries(want)) {
    const { names } = pkg.zipEntries(path.join(root, 'out', 'vsix', `yomiage-${target}-${version}.vsix`));
    assert.deepEqual(pkg.audioBinaries(names), [file], target);
    assert.equal(names.filter((n) => n.endsWith('.node') && !n.includes('/onnxruntime-node/')).length, 1, `${target}: one native file besides onnxruntime`);
  }
});

test('the player looks for its addon in dist/audio first (the VSIX layout)', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'yomiage-addon-'));
  try {
    const file = addonFile('linux', 'x64')!;
    assert.equal(file, 'linux-x64-alsa-output.node');
    assert.equal(addonFile('darwin', 'arm64'), 'macos-arm64-coreaudio-output.node');
    assert.equal(addonFile('win32', 'arm64'), 'windows-arm64-mme-output.node');
    assert.equal(addonFile('freebsd', 'x64'), undefined);
    fs.mkdirSync(path.join(dir, 'audio'));
    fs.writeFileSync(path.join(dir, 'audio', file), '');
    assert.equal(addonPath(file, dir), path.join(dir, 'audio', file));
    assert.match(addonPath('windows-x64-mme-output.node', dir) ?? '', /node_modules[\\/]@echogarden[\\/]audio-io[\\/]addons[\\/]bin/);
    assert.equal(addonPath('no-such-addon.node', dir), undefined);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
