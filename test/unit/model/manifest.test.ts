/** The shipped manifest and its validation. Voice hashes are checked against the real voice files in ../shared. */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { bundledManifest, loadManifest, ManifestError, resolveVariant, resolveVoice, validateManifest } from '../../../src/core/model';
import { tempDir } from './helpers';

const repo = path.resolve(__dirname, '../../..');
const voicesDir = process.env.YOMIAGE_SHARED ? path.join(process.env.YOMIAGE_SHARED, 'fixtures/voices') : path.resolve(repo, '../shared/fixtures/voices');
const raw = () => JSON.parse(fs.readFileSync(path.join(repo, 'models/manifest.json'), 'utf8'));

describe('models/manifest.json', () => {
  const m = bundledManifest();

  test('has the four variants, q8 default, and the five Japanese voices', () => {
    assert.deepEqual(Object.keys(m.models).sort(), ['fp16', 'fp32', 'q8', 'q8f16']);
    assert.equal(m.defaultModel, 'q8');
    assert.equal(m.models.q8.file, 'model_quantized.onnx');
    assert.equal(m.models.fp32.file, 'model.onnx');
    assert.deepEqual(Object.keys(m.voices).sort(), ['jf_alpha', 'jf_gongitsune', 'jf_nezumi', 'jf_tebukuro', 'jm_kumo']);
  });

  test('every URL is pinned to one full commit of onnx-community/Kokoro-82M-v1.0-ONNX, never main', () => {
    const rev = raw().source.revision;
    assert.match(rev, /^[0-9a-f]{40}$/);
    assert.ok(rev.startsWith('1939ad2'));
    for (const a of [...Object.values(m.models), ...Object.values(m.voices)]) {
      assert.ok(a.url.startsWith(`https://huggingface.co/onnx-community/Kokoro-82M-v1.0-ONNX/resolve/${rev}/`), a.url);
      assert.ok(a.url.endsWith(`/${a.file}`), a.url);
    }
  });

  test('the voice sizes and hashes match the real voice files', () => {
    for (const v of Object.values(m.voices)) {
      const bytes = fs.readFileSync(path.join(voicesDir, v.file));
      assert.equal(bytes.length, v.size, v.file);
      assert.equal(v.size, 510 * 256 * 4);
      assert.equal(createHash('sha256').update(bytes).digest('hex'), v.sha256, v.file);
    }
  });

  test('published hashes are exact; unpublished ones are null with a stated fallback and an approximate size', () => {
    assert.equal(m.models.q8.sha256, 'fbae9257e1e05ffc727e951ef9b9c98418e6d79f1c9b6b13bd59f5c9028a1478');
    assert.equal(m.models.q8.size, 92361116);
    assert.equal(m.models.q8.sizeExact, true);
    assert.equal(m.models.q8f16.sha256, '04c658aec1b6008857c2ad10f8c589d4180d0ec427e7e6118ceb487e215c3cd0');
    for (const id of ['fp16', 'fp32']) {
      assert.equal(m.models[id].sha256, null);
      assert.equal(m.models[id].sizeExact, false);
      assert.match(raw().models[id].sha256Status, /first/);
    }
  });

  test('unknown variant or voice: the error lists the valid ones', () => {
    assert.equal(resolveVariant(m, undefined).id, 'q8');
    assert.equal(resolveVariant(m, 'fp32').file, 'model.onnx');
    assert.throws(() => resolveVariant(m, 'int4'), { name: 'ManifestError', message: "unknown model variant 'int4'; valid variants: q8, q8f16, fp16, fp32" });
    assert.throws(() => resolveVoice(m, 'af_heart'), /unknown voice 'af_heart'; valid voices: jf_alpha, jf_gongitsune, jf_nezumi, jf_tebukuro, jm_kumo/);
    assert.throws(() => resolveVariant(m, 'toString'), /unknown model variant 'toString'/);
  });
});

describe('validateManifest', () => {
  const ok = () => ({
    version: 1,
    defaultModel: 'a',
    models: { a: { file: 'a.onnx', url: 'http://127.0.0.1/a.onnx', size: 10, sha256: 'a'.repeat(64), label: 'A' } },
    voices: { v: { file: 'v.bin', url: 'http://127.0.0.1/v.bin', size: 10, sha256: 'b'.repeat(64) } },
  });
  const bad = (mut: (j: ReturnType<typeof ok>) => void, re: RegExp) => {
    const j = ok();
    mut(j);
    assert.throws(() => validateManifest(j, 'M'), (e: unknown) => e instanceof ManifestError && re.test(e.message));
  };
  test('a minimal valid manifest passes', () => {
    assert.equal(validateManifest(ok()).models.a.sizeExact, true);
  });
  test('each mistake gets a message naming the entry and field', () => {
    bad((j) => ((j as { version: number }).version = 2), /M: unsupported version 2/);
    bad((j) => (j.defaultModel = 'z'), /defaultModel "z" is not one of the models \(a\)/);
    bad((j) => (j.models.a.file = '../evil'), /models\.a\.file: must be a plain file name/);
    bad((j) => (j.models.a.file = 'a.onnx.part'), /models\.a\.file/);
    bad((j) => (j.models.a.url = 'ftp://x/a'), /models\.a\.url: only http and https/);
    bad((j) => (j.models.a.url = 'not a url'), /models\.a\.url: not a valid URL/);
    bad((j) => (j.models.a.size = -1), /models\.a\.size: must be a positive whole number/);
    bad((j) => (j.models.a.sha256 = 'ABC'), /models\.a\.sha256: must be 64 lower-case hex digits or null/);
    bad((j) => ((j.models.a as { sha256: string | null }).sha256 = null), /models\.a: sha256 is null, so sha256Status must say why/);
    bad((j) => (j.voices.v.file = 'a.onnx'), /voices\.v and models\.a both use the file name a\.onnx/);
    bad((j) => delete (j.models.a as { label?: string }).label, /models\.a\.label: missing/);
    bad((j) => ((j as { models: unknown }).models = {}), /"models" must be an object with at least one model/);
  });
  test('loadManifest: unreadable and invalid JSON files get clear errors', () => {
    const d = tempDir();
    assert.throws(() => loadManifest(path.join(d, 'none.json')), /cannot read manifest .*none\.json: ENOENT/);
    fs.writeFileSync(path.join(d, 'bad.json'), '{ nope');
    assert.throws(() => loadManifest(path.join(d, 'bad.json')), /manifest .*bad\.json is not valid JSON/);
  });
});
