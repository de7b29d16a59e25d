/**
 * "The model": the configured variant if it is in the cache and verified, else any other verified variant, else the
 * download offer. End to end with the built CLI (dist/cli.js, its worker and real onnxruntime) against a loopback
 * server: `yomiage download --variant fp32` then `yomiage say` with no --model speaks with the fp32 file.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { WaveFile } from 'wavefile';
import { buildTestModel } from '../../support/testModel';
import { findModel, installedModels, locateModel, validateManifest } from '../../../src/core/model';
import { ALPHA_BIN, DIST_CLI, requireDist } from '../engine/helpers';
import { sha256, startServer, tempDir, type TestServer } from './helpers';

let server: TestServer;
const model = buildTestModel({ cost: 50 });
const voice = fs.readFileSync(ALPHA_BIN);

before(async () => {
  requireDist();
  server = await startServer();
  server.files.set('/onnx/model.onnx', { data: model });
  server.files.set('/onnx/model_quantized.onnx', { data: model });
  server.files.set('/voices/jf_alpha.bin', { data: voice });
});
after(async () => {
  await server.close();
});

/** A catalog shaped like the real one: q8 (default, with a published hash) and fp32 (no published hash). */
function catalogFile(): string {
  const url = (p: string) => `${server.base}${p}`;
  const manifest = {
    version: 1,
    defaultModel: 'q8',
    defaultVoice: 'jf_alpha',
    models: {
      q8: { file: 'model_quantized.onnx', url: url('/onnx/model_quantized.onnx'), size: model.length, sha256: sha256(model), label: 'q8' },
      fp32: {
        file: 'model.onnx',
        url: url('/onnx/model.onnx'),
        size: model.length,
        sizeExact: false,
        sha256: null,
        sha256Status: 'test: unpublished, recorded on first download',
        label: 'fp32',
      },
    },
    voices: { jf_alpha: { file: 'jf_alpha.bin', url: url('/voices/jf_alpha.bin'), size: voice.length, sha256: sha256(voice) } },
  };
  const f = path.join(tempDir('yomiage-catalog-'), 'manifest.json');
  fs.writeFileSync(f, JSON.stringify(manifest));
  return f;
}

function run(args: string[], env: NodeJS.ProcessEnv, cwd: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const clean: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!/proxy/i.test(k) && !k.startsWith('YOMIAGE_')) clean[k] = v;
  const child = spawn(process.execPath, [DIST_CLI, ...args], { cwd, env: { ...clean, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
}

describe('one rule for "the model"', () => {
  test('yomiage download --variant fp32, then yomiage say with no --model writes speech with model.onnx', async () => {
    const home = tempDir('yomiage-home-');
    const env = { YOMIAGE_HOME: home, YOMIAGE_MANIFEST: catalogFile() };
    const dl = await run(['download', '--variant', 'fp32'], env, home);
    assert.equal(dl.code, 0, dl.stderr);
    assert.ok(fs.existsSync(path.join(home, 'model.onnx')));
    assert.ok(!fs.existsSync(path.join(home, 'model_quantized.onnx')), 'only fp32 was fetched');

    const said = await run(['say', 'テスト', '--out', 'out.wav'], env, home);
    assert.equal(said.code, 0, said.stderr);
    const wav = new WaveFile(fs.readFileSync(path.join(home, 'out.wav')));
    assert.equal((wav.fmt as { sampleRate: number }).sampleRate, 24000);
    assert.ok((wav.getSamples(false, Float64Array) as unknown as Float64Array).length > 1000, 'the WAV holds speech');
  });

  test('the configured variant wins when present; a changed or foreign file is not taken; nothing found → undefined', async () => {
    const m = validateManifest(JSON.parse(fs.readFileSync(catalogFile(), 'utf8')));
    const dest = tempDir('yomiage-cache-');
    assert.equal(await findModel(m, dest, 'fp32'), undefined, 'an empty cache holds no model');
    // A file copied in by hand for a variant without a published hash has no record: not verified, not used.
    fs.writeFileSync(path.join(dest, 'model.onnx'), model);
    assert.equal(await findModel(m, dest), undefined);
    const home = { YOMIAGE_HOME: dest, YOMIAGE_MODEL: '' };
    await assert.rejects(locateModel(undefined, { manifest: m, env: home }), /no model in .*no verified q8 model_quantized\.onnx, nor any other variant.*yomiage download.*--model/);
    fs.rmSync(path.join(dest, 'model.onnx'));

    const env = { YOMIAGE_HOME: dest };
    const q8 = await run(['download'], { ...env, YOMIAGE_MANIFEST: catalogFile() }, dest);
    assert.equal(q8.code, 0, q8.stderr);
    const fp32 = await run(['download', '--variant', 'fp32'], { ...env, YOMIAGE_MANIFEST: catalogFile() }, dest);
    assert.equal(fp32.code, 0, fp32.stderr);
    assert.deepEqual((await installedModels(m, dest)).map((x) => x.spec.id), ['q8', 'fp32']);
    assert.equal((await findModel(m, dest, 'fp32'))?.spec.id, 'fp32');
    assert.equal((await findModel(m, dest, 'q8'))?.spec.id, 'q8');
    assert.equal(await locateModel(undefined, { manifest: m, env: { ...home, YOMIAGE_VARIANT: 'fp32' } }), path.join(dest, 'model.onnx'));

    // The configured q8 file is damaged (same size, other bytes): it fails its hash, and the verified fp32 is used.
    const bad = Buffer.from(model);
    bad[bad.length - 1] ^= 0xff;
    fs.writeFileSync(path.join(dest, 'model_quantized.onnx'), bad);
    assert.equal((await findModel(m, dest, 'q8'))?.spec.id, 'fp32');
    await assert.rejects(locateModel(undefined, { manifest: m, env: { ...home, YOMIAGE_VARIANT: 'q9' } }), /YOMIAGE_VARIANT: unknown model variant 'q9'; valid variants: q8, fp32/);
  });
});
