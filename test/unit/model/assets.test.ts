/** ensureAssets / assetStatus / deleteAssets / cacheDir over a real loopback server. */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { assetStatus, cacheDir, deleteAssets, DownloadError, ensureAssets, EnsureProgress, optimizedModelDir, validateManifest } from '../../../src/core/model';
import type { Manifest } from '../../../src/core/model';
import { tryLock } from '../../../src/core/model/lock';
import { FAST, listDir, randomData, sha256, startServer, tempDir, TestServer } from './helpers';

let server: TestServer;
before(async () => {
  server = await startServer();
});
after(async () => {
  await server.close();
});

let k = 0;
function makeManifest() {
  const id = ++k;
  const files = { model: randomData(300_000), fp: randomData(200_000), a: randomData(30_000), b: randomData(40_000) };
  for (const [n, d] of Object.entries(files)) server.files.set(`/as${id}/${n}`, { data: d });
  const u = (n: string) => `${server.base}/as${id}/${n}`;
  const manifest: Manifest = validateManifest({
    version: 1,
    defaultModel: 'q',
    models: {
      q: { file: 'model_q.onnx', url: u('model'), size: files.model.length, sha256: sha256(files.model), label: 'Q' },
      f: { file: 'model_f.onnx', url: u('fp'), size: 190_000, sizeExact: false, sha256: null, sha256Status: 'unpublished (test)', label: 'F' },
    },
    voices: {
      jf_alpha: { file: 'jf_alpha.bin', url: u('a'), size: files.a.length, sha256: sha256(files.a) },
      jm_kumo: { file: 'jm_kumo.bin', url: u('b'), size: files.b.length, sha256: sha256(files.b) },
    },
  });
  return { manifest, files, path: (n: string) => `/as${id}/${n}` };
}

describe('ensureAssets', () => {
  test('fetches the default variant and jf_alpha with one combined progress; then everything is cached', async () => {
    const { manifest, files, path: p } = makeManifest();
    const dest = tempDir();
    const prog: EnsureProgress[] = [];
    const r = await ensureAssets({ manifest, dest, ...FAST, env: {}, onProgress: (x) => prog.push(x) });
    assert.equal(r.modelPath, path.join(dest, 'model_q.onnx'));
    assert.deepEqual(r.voicePaths, { jf_alpha: path.join(dest, 'jf_alpha.bin') });
    assert.ok(fs.readFileSync(r.modelPath).equals(files.model));
    assert.ok(fs.readFileSync(r.voicePaths.jf_alpha).equals(files.a));
    const total = files.model.length + files.a.length;
    assert.ok(prog.every((x) => x.total === total && x.count === 2));
    const overall = prog.map((x) => x.received);
    assert.deepEqual(overall, [...overall].sort((a, b) => a - b), 'overall progress never goes back');
    assert.equal(prog.at(-1)!.received, total);
    assert.deepEqual([...new Set(prog.map((x) => `${x.index}:${x.file}`))], ['1:model_q.onnx', '2:jf_alpha.bin']);

    const before = server.log.length;
    const again = await ensureAssets({ manifest, dest, ...FAST, env: {} });
    assert.deepEqual(again.files.map((f) => f.result.status), ['cached', 'cached']);
    assert.equal(server.log.length, before, 'no request for verified files');
    assert.equal(server.requests(p('model')).length, 1);
  });

  test('assetStatus tells what is missing, partial and ok without network; unknown ids throw with the list', async () => {
    const { manifest, files } = makeManifest();
    const dest = tempDir();
    const sel = { manifest, dest, variant: 'f', voices: ['jf_alpha', 'jm_kumo'] };
    fs.writeFileSync(path.join(dest, 'jm_kumo.bin.part'), files.b.subarray(0, 1000));
    const before = server.log.length;
    let st = await assetStatus(sel);
    assert.deepEqual(st.map((s) => [s.id, s.state, s.remainingBytes]), [
      ['f', 'missing', 190_000],
      ['jf_alpha', 'missing', 30_000],
      ['jm_kumo', 'partial', 39_000],
    ]);
    assert.equal(server.log.length, before);
    await ensureAssets({ ...sel, ...FAST, env: {} });
    st = await assetStatus(sel);
    assert.deepEqual(st.map((s) => s.state), ['ok', 'ok', 'ok']);
    await assert.rejects(async () => assetStatus({ ...sel, variant: 'zz' }), /valid variants: q, f/);
  });

  test('deleteAssets removes the manifest files with their records and .part files, nothing else', async () => {
    const { manifest, files } = makeManifest();
    const dest = tempDir();
    await ensureAssets({ manifest, dest, voices: ['jf_alpha', 'jm_kumo'], ...FAST, env: {} });
    fs.writeFileSync(path.join(dest, 'model_f.onnx.part'), 'partial');
    fs.writeFileSync(path.join(dest, 'notes.txt'), 'mine');
    const r = deleteAssets(dest, manifest);
    assert.deepEqual(listDir(dest), ['notes.txt']);
    assert.ok(r.bytesFreed >= files.model.length + files.a.length + files.b.length + 7);
    assert.equal(r.removed.length, 7);
  });

  test("deleteAssets also removes the engine's optimised copies of models, and nothing else", async () => {
    const { manifest, files } = makeManifest();
    const dest = tempDir();
    await ensureAssets({ manifest, dest, voices: ['jf_alpha'], ...FAST, env: {} });
    const optimized = optimizedModelDir(dest);
    assert.equal(optimized, path.join(dest, 'optimized'));
    fs.mkdirSync(optimized);
    fs.writeFileSync(path.join(optimized, '0123456789abcdef-fedcba9876543210.onnx'), Buffer.alloc(3000));
    fs.writeFileSync(path.join(optimized, '0123456789abcdef-fedcba9876543210.onnx.77-0a0b0c0d.tmp'), Buffer.alloc(1000));
    fs.writeFileSync(path.join(dest, 'notes.txt'), 'mine');
    const r = deleteAssets(dest, manifest);
    assert.deepEqual(listDir(dest), ['notes.txt', 'optimized']);
    assert.deepEqual(fs.readdirSync(optimized), []);
    assert.ok(r.bytesFreed >= files.model.length + files.a.length + 4000);
    assert.ok(r.removed.includes(path.join(optimized, '0123456789abcdef-fedcba9876543210.onnx')));
  });

  test('deleteAssets refuses while a download holds a lock', async () => {
    const { manifest } = makeManifest();
    const dest = tempDir();
    fs.writeFileSync(path.join(dest, 'model_q.onnx.part'), 'x');
    const lock = tryLock(path.join(dest, 'model_q.onnx.lock'))!;
    try {
      assert.throws(() => deleteAssets(dest, manifest), (e: unknown) => e instanceof DownloadError && e.code === 'busy' && /model_q\.onnx is being downloaded/.test(e.message));
      assert.ok(fs.existsSync(path.join(dest, 'model_q.onnx.part')));
    } finally {
      lock.release();
    }
  });

  test('cacheDir: $YOMIAGE_HOME, else ~/.cache/yomiage', () => {
    assert.equal(cacheDir({ YOMIAGE_HOME: '/srv/yomiage' }), '/srv/yomiage');
    assert.equal(cacheDir({}), path.join(os.homedir(), '.cache', 'yomiage'));
    assert.equal(cacheDir({ YOMIAGE_HOME: '  ' }), path.join(os.homedir(), '.cache', 'yomiage'));
  });
});
