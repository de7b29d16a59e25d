/**
 * models/manifest.json is the one catalog: what is generated from it has not drifted, nothing in src/ repeats a voice
 * id or a model file name, and each voice carries its licence and credit.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { bundledManifest } from '../../../src/core/model';

const root = path.resolve(__dirname, '../../..');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const generator = require(path.join(root, 'scripts/lib/catalog.js')) as {
  expected(manifest?: unknown): Record<string, string>;
  notices(manifest?: unknown): string;
  sync(opts?: { write?: boolean }): string[];
};
const rawCatalog = () => JSON.parse(fs.readFileSync(path.join(root, 'models/manifest.json'), 'utf8'));

function walk(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((d) => (d.isDirectory() ? walk(path.join(dir, d.name)) : [path.join(dir, d.name)]));
}

describe('the catalog', () => {
  test('package.json, the nls strings and the README voice table match models/manifest.json (npm run catalog)', () => {
    assert.deepEqual(generator.sync({ write: false }), []);
  });

  test('a change to the catalog changes what is generated (the drift check can fail)', () => {
    const m = rawCatalog();
    m.voices.jf_nezumi.description = { en: 'Female, a changed description.', ja: '女性、変更した説明。' };
    m.defaultVoice = 'jm_kumo';
    const out = generator.expected(m);
    const pkg = JSON.parse(out['package.json']);
    assert.equal(pkg.contributes.configuration.properties['yomiage.voice'].default, 'jm_kumo');
    assert.match(JSON.parse(out['package.nls.json'])['voice.jf_nezumi'], /a changed description/);
    assert.match(JSON.parse(out['package.nls.ja.json'])['voice.jf_nezumi'], /変更した説明/);
    assert.match(out['README.md'], /\| `jm_kumo` \| Kumo \(default\) \|/);
    assert.notEqual(out['package.json'], fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
  });

  test('no voice id and no model file name of the catalog is written in src/', () => {
    const m = bundledManifest();
    const names = [...Object.keys(m.voices), ...Object.values(m.models).map((x) => x.file)];
    const word = (n: string) => new RegExp(`(?<![\\w.-])${n.replace(/\./g, '\\.')}(?![\\w])`);
    assert.ok(word('model.onnx').test("x = 'model.onnx'") && !word('model.onnx').test('test-model.onnx'));
    const hits: string[] = [];
    for (const f of walk(path.join(root, 'src'))) {
      const text = fs.readFileSync(f, 'utf8');
      for (const n of names) if (word(n).test(text)) hits.push(`${path.relative(root, f)}: ${n}`);
    }
    assert.deepEqual(hits, []);
  });

  test("the editor layer does not know core's cache file names", () => {
    const hits = walk(path.join(root, 'src/vscode'))
      .concat(path.join(root, 'src/extension.ts'))
      .filter((f) => /\.verified\.json|\.lock\b|\.part\b/.test(fs.readFileSync(f, 'utf8')))
      .map((f) => path.relative(root, f));
    assert.deepEqual(hits, []);
  });

  test('every voice has labels and descriptions in both languages, a gender, a grade and a licence', () => {
    const m = bundledManifest();
    assert.ok(m.defaultVoice in m.voices);
    for (const v of Object.values(m.voices)) {
      assert.ok(v.label.en && v.label.ja && v.label.en !== v.label.ja, `${v.id} label`);
      assert.ok(v.description?.en && v.description.ja, `${v.id} description`);
      assert.ok(v.gender === (v.id.startsWith('jm_') ? 'male' : 'female'), `${v.id} gender`);
      assert.match(v.grade ?? '', /^[A-F][+-]?$/, `${v.id} grade`);
      assert.equal(v.license, 'Apache-2.0');
    }
    for (const mo of Object.values(m.models)) assert.ok(mo.label.ja && mo.description?.en && mo.description.ja, `${mo.id} texts`);
  });

  // Fact from hexgrad/Kokoro-82M VOICES.md (its CC BY column), checked by hand: jf_alpha lists no CC BY source; the
  // other four were trained on the Koniwa corpus's tnc recordings of gongitsune, nezuminoyomeiri, tebukurowokaini
  // and kumonoito.
  test('four voices credit their CC BY Koniwa training audio; jf_alpha has nothing to credit', () => {
    const m = bundledManifest();
    assert.equal(m.voices.jf_alpha.credit, null);
    const koniwa: Record<string, string> = {
      jf_gongitsune: 'tnc__gongitsune.txt',
      jf_nezumi: 'tnc__nezuminoyomeiri.txt',
      jf_tebukuro: 'tnc__tebukurowokaini.txt',
      jm_kumo: 'tnc__kumonoito.txt',
    };
    for (const [id, source] of Object.entries(koniwa)) {
      const c = m.voices[id].credit;
      assert.ok(c, `${id} has a credit`);
      assert.match(c.en, /Koniwa/);
      assert.match(c.ja, /声庭/);
      assert.equal(c.license, 'CC BY 3.0');
      assert.equal(c.url, `https://github.com/koniwa/koniwa/blob/master/source/tnc/${source}`);
    }
  });

  test('the credits reach ThirdPartyNotices.txt and the README', () => {
    const m = bundledManifest();
    const notices = generator.notices();
    const readme = fs.readFileSync(path.join(root, 'README.md'), 'utf8');
    for (const v of Object.values(m.voices)) {
      if (!v.credit) continue;
      assert.ok(notices.includes(v.credit.en) && notices.includes(v.credit.url), `${v.id} in the notices`);
      assert.ok(readme.includes(v.credit.en), `${v.id} in the README`);
    }
    assert.match(fs.readFileSync(path.join(root, 'scripts/package.js'), 'utf8'), /catalogNotices\(\)/, 'package.js writes them');
  });
});
