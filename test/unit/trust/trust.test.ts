/**
 * Workspace trust: the settings that load a file are declared restricted in package.json exactly as the editor
 * layer treats them, and in an untrusted workspace only the user's own value of them counts.
 * (The same rule inside a real VS Code: test/vscode/suite/40-trust.test.js.)
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { RESTRICTED_SETTINGS, restrictedValue } from '../../../src/vscode/trust';

const root = path.resolve(__dirname, '../../..');
const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
const nls = JSON.parse(fs.readFileSync(path.join(root, 'package.nls.json'), 'utf8'));
const untrusted = pkg.capabilities.untrustedWorkspaces;
const properties: Record<string, { scope?: string; markdownDescription?: string }> = pkg.contributes.configuration.properties;

describe('workspace trust', () => {
  test('package.json: limited support, restrictedConfigurations = the settings the extension restricts, with a description', () => {
    assert.equal(untrusted.supported, 'limited');
    assert.deepEqual([...untrusted.restrictedConfigurations].sort(), RESTRICTED_SETTINGS.map((k) => `yomiage.${k}`).sort());
    for (const k of untrusted.restrictedConfigurations) assert.ok(properties[k], `${k} is a contributed setting`);
    const key = /^%(.+)%$/.exec(untrusted.description)?.[1];
    assert.ok(key && /Restricted Mode/.test(nls[key]), 'the description says what is limited');
  });

  test('every setting that names a file, folder, command, URL or engine is restricted', () => {
    const loadsOrSends = Object.entries(properties)
      .filter(([k, p]) => /path|director|file|folder|engine|url|command|endpoint/i.test(k) || p.scope === 'machine-overridable')
      .map(([k]) => k);
    assert.ok(loadsOrSends.includes('yomiage.modelPath') && loadsOrSends.includes('yomiage.voiceDirectory'));
    assert.deepEqual(loadsOrSends.filter((k) => !untrusted.restrictedConfigurations.includes(k)), []);
  });

  test('untrusted: the workspace and folder values of a restricted setting are ignored, the user value counts', () => {
    const inspected = { defaultValue: '', globalValue: '/home/me/model.onnx', workspaceValue: './repo-model.onnx', workspaceFolderValue: './folder.onnx' };
    assert.equal(restrictedValue(inspected, false), '/home/me/model.onnx');
    assert.equal(restrictedValue({ defaultValue: '', workspaceValue: './repo-model.onnx' }, false), '', 'no user value: the default, not the workspace');
    assert.equal(restrictedValue(inspected, true), './folder.onnx', 'trusted: the folder value wins as usual');
    assert.equal(restrictedValue({ defaultValue: '', globalValue: '/u', workspaceValue: './w' }, true), './w');
    assert.equal(restrictedValue(undefined, false), undefined);
  });
});
