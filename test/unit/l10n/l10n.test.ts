import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';

const root = path.resolve(__dirname, '../../..');
const read = (p: string) => JSON.parse(fs.readFileSync(path.join(root, p), 'utf8'));

function walk(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    const p = path.join(dir, d.name);
    return d.isDirectory() ? walk(p) : p.endsWith('.ts') ? [p] : [];
  });
}

/** Every string literal passed to vscode.l10n.t(...) in the editor layer. */
function l10nCalls(): string[] {
  const out = new Set<string>();
  for (const f of [...walk(path.join(root, 'src/vscode')), path.join(root, 'src/extension.ts')]) {
    const src = fs.readFileSync(f, 'utf8');
    for (const m of src.matchAll(/l10n\.t\(\s*'((?:[^'\\]|\\.)*)'/g)) out.add(m[1].replace(/\\'/g, "'"));
  }
  return [...out];
}

test('every %key% in package.json has an English and a Japanese string', () => {
  const pkg = fs.readFileSync(path.join(root, 'package.json'), 'utf8');
  const keys = [...new Set([...pkg.matchAll(/"%([^%"]+)%"/g)].map((m) => m[1]))];
  assert.ok(keys.length >= 20, `found only ${keys.length} keys`);
  const en = read('package.nls.json');
  const ja = read('package.nls.ja.json');
  for (const k of keys) {
    assert.ok(typeof en[k] === 'string' && en[k].length > 0, `package.nls.json lacks ${k}`);
    assert.ok(typeof ja[k] === 'string' && ja[k].length > 0, `package.nls.ja.json lacks ${k}`);
    assert.notEqual(ja[k], en[k], `${k} is not translated`);
  }
  assert.deepEqual(Object.keys(ja).sort(), Object.keys(en).sort(), 'the two nls files have the same keys');
});

test('the context menu entry reads 読み上げ in Japanese', () => {
  assert.equal(read('package.nls.ja.json')['cmd.readAloud'], '読み上げ');
});

test('every runtime message has a Japanese translation', () => {
  const calls = l10nCalls();
  assert.ok(calls.length >= 20, `found only ${calls.length} l10n.t calls`);
  const ja = read('l10n/bundle.l10n.ja.json');
  const missing = calls.filter((s) => typeof ja[s] !== 'string' || ja[s].length === 0);
  assert.deepEqual(missing, []);
  for (const s of calls) {
    const placeholders = (s.match(/\{\d+\}/g) ?? []).sort();
    assert.deepEqual((ja[s].match(/\{\d+\}/g) ?? []).sort(), placeholders, `placeholders differ for "${s}"`);
  }
});
