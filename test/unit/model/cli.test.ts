/**
 * `yomiage download` end to end: the CLI (src/cli.ts with the download command) is bundled from the current sources
 * into a temp folder with esbuild and run as a child process against a loopback server through a temp manifest. Also two CLI
 * processes downloading the same files at once (the server must see one transfer per file), Ctrl-C, exit codes.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { FAST, listDir, randomData, sha256, startServer, tempDir, TestServer, until } from './helpers';

const repo = path.resolve(__dirname, '../../..');
let server: TestServer;
let cli = '';

before(async () => {
  server = await startServer();
  const esbuild = await import('esbuild');
  cli = path.join(tempDir('yomiage-cli-'), 'cli.js');
  await esbuild.build({
    entryPoints: [path.join(repo, 'src/cli.ts')],
    outfile: cli,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    external: ['vscode', 'onnxruntime-node', 'speaker'],
    loader: { '.tsv': 'text' },
    logLevel: 'error',
    // Only the download command is bundled (the real dispatcher in src/cli.ts, the other commands stubbed), so
    // this test does not depend on other commands' sources being complete at the moment it runs.
    plugins: [
      {
        name: 'stub-other-commands',
        setup(b) {
          b.onResolve({ filter: /^\.\/cli\// }, (a) =>
            a.importer.endsWith(path.join('src', 'cli.ts')) && !/^\.\/cli\/(download|args|run)$/.test(a.path) ? { path: a.path, namespace: 'stub' } : undefined,
          );
          b.onLoad({ filter: /.*/, namespace: 'stub' }, () => ({
            contents: "export const command = { summary: 'stub', run: async () => { throw new Error('not bundled in this test'); } };",
            loader: 'js',
          }));
        },
      },
    ],
  });
});
after(async () => {
  await server.close();
});

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Environment for the children: no proxy variables from this machine, a private YOMIAGE_HOME. */
function childEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!/proxy/i.test(k)) env[k] = v;
  return { ...env, YOMIAGE_HOME: tempDir('yomiage-home-'), ...extra };
}

function start(args: string[], env = childEnv()) {
  const child = spawn(process.execPath, [cli, 'download', ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  const done = new Promise<Run>((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
  return { child, done };
}

let k = 0;
/** Serves a model and two voices, writes a manifest pointing at them, returns everything. */
function setup(opts: { modelSize?: number; throttle?: { bytes: number; everyMs: number } } = {}) {
  const id = ++k;
  const model = randomData(opts.modelSize ?? 600_000);
  const v1 = randomData(20_000);
  const v2 = randomData(20_000);
  const url = (n: string) => `${server.base}/cli${id}/${n}`;
  server.files.set(`/cli${id}/model.onnx`, { data: model, throttle: opts.throttle });
  server.files.set(`/cli${id}/jf_alpha.bin`, { data: v1, throttle: opts.throttle });
  server.files.set(`/cli${id}/jm_kumo.bin`, { data: v2 });
  const manifest = {
    version: 1,
    defaultModel: 'small',
    models: {
      small: { file: 'model.onnx', url: url('model.onnx'), size: model.length, sha256: sha256(model), label: 'Small' },
      other: { file: 'other.onnx', url: url('missing.onnx'), size: 10, sha256: null, sizeExact: false, sha256Status: 'test: unpublished', label: 'Missing' },
    },
    voices: {
      jf_alpha: { file: 'jf_alpha.bin', url: url('jf_alpha.bin'), size: v1.length, sha256: sha256(v1) },
      jm_kumo: { file: 'jm_kumo.bin', url: url('jm_kumo.bin'), size: v2.length, sha256: sha256(v2) },
    },
  };
  const dir = tempDir();
  const manifestFile = path.join(dir, 'manifest.json');
  fs.writeFileSync(manifestFile, JSON.stringify(manifest));
  return { id, model, v1, v2, manifestFile, dest: path.join(dir, 'dest'), path: (n: string) => `/cli${id}/${n}` };
}

describe('yomiage download (CLI)', () => {
  test('downloads the default variant and jf_alpha, verified, with plain progress lines off a TTY; a rerun fetches nothing', async () => {
    const s = setup();
    const r = await start(['--manifest', s.manifestFile, '--dest', s.dest]).done;
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(listDir(s.dest), ['jf_alpha.bin', 'jf_alpha.bin.verified.json', 'model.onnx', 'model.onnx.verified.json']);
    assert.ok(fs.readFileSync(path.join(s.dest, 'model.onnx')).equals(s.model));
    assert.ok(fs.readFileSync(path.join(s.dest, 'jf_alpha.bin')).equals(s.v1));
    assert.match(r.stdout, new RegExp(`${path.join(s.dest, 'model.onnx')}\\tdownloaded, 600000 bytes, sha256 matches manifest`));
    assert.match(r.stderr, /^model\.onnx: downloading \(0\.6 MB, file 1 of 2\)$/m);
    assert.match(r.stderr, /^model\.onnx: verified \(0\.6 MB\)$/m);
    assert.match(r.stderr, /^jf_alpha\.bin: verified \(0\.0 MB\)$/m);
    assert.doesNotMatch(r.stderr, /\r|\x1b\[/, 'no terminal control codes off a TTY');

    const again = await start(['--manifest', s.manifestFile, '--dest', s.dest]).done;
    assert.equal(again.code, 0);
    assert.match(again.stdout, /model\.onnx\talready present/);
    assert.equal(server.requests(s.path('model.onnx')).length, 1);
  });

  test('--voice repeated, --variant; default dest is $YOMIAGE_HOME', async () => {
    const s = setup();
    const env = childEnv();
    const r = await start(['--manifest', s.manifestFile, '--voice', 'jf_alpha', '--voice', 'jm_kumo', '--variant', 'small'], env).done;
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(listDir(env.YOMIAGE_HOME!).filter((f) => !f.endsWith('.json')), ['jf_alpha.bin', 'jm_kumo.bin', 'model.onnx']);
  });

  test('a progress bar on a TTY (run under script(1) for a real pseudo-terminal)', async (t) => {
    const s = setup({ throttle: { bytes: 16_384, everyMs: 5 } });
    const cmd = [process.execPath, cli, 'download', '--manifest', s.manifestFile, '--dest', s.dest].map((a) => `'${a}'`).join(' ');
    const child = spawn('script', ['-qec', cmd, '/dev/null'], { env: childEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    const code = await new Promise((r) => child.on('close', r));
    if (code !== 0 && /script: /.test(out)) return t.skip('script(1) cannot open a pseudo-terminal here');
    assert.equal(code, 0, out);
    assert.match(out, /\r\[#*-*\] +\d+% [\d.]+\/0\.6 MB [\d.]+ MB\/s model\.onnx \(1\/2, downloading\)/);
    assert.match(out, /\[#{24}\] 100%/);
  });

  test('exit 2 with usage for an unknown variant, voice or option', async () => {
    const s = setup();
    const a = await start(['--manifest', s.manifestFile, '--variant', 'huge', '--dest', s.dest]).done;
    assert.equal(a.code, 2);
    assert.match(a.stderr, /unknown model variant 'huge'; valid variants: small, other/);
    assert.match(a.stderr, /usage: yomiage/);
    const b = await start(['--manifest', s.manifestFile, '--voice', 'af_heart', '--dest', s.dest]).done;
    assert.equal(b.code, 2);
    assert.match(b.stderr, /valid voices: jf_alpha, jm_kumo/);
    const c = await start(['--bogus']).done;
    assert.equal(c.code, 2);
    assert.ok(!fs.existsSync(s.dest), 'nothing created on a usage error');
  });

  test('exit 1 with one clear line: 404, unreadable manifest', async () => {
    const s = setup();
    const a = await start(['--manifest', s.manifestFile, '--variant', 'other', '--dest', s.dest]).done;
    assert.equal(a.code, 1);
    assert.equal(a.stderr.trim().split('\n').at(-1), `yomiage download: other.onnx not found at ${server.base}${s.path('missing.onnx')} (HTTP 404)`);
    assert.doesNotMatch(a.stderr, /\n\s+at /, 'no stack trace');
    assert.deepEqual(listDir(s.dest), []);
    const b = await start(['--manifest', path.join(s.dest, 'nope.json')]).done;
    assert.equal(b.code, 1);
    assert.match(b.stderr, /^yomiage download: cannot read manifest .*nope\.json: ENOENT$/m);
  });

  test('Ctrl-C (SIGINT) stops with exit 1, keeps the resumable .part; the next run resumes it', async () => {
    const s = setup({ modelSize: 3_000_000, throttle: { bytes: 16_384, everyMs: 5 } });
    const run = start(['--manifest', s.manifestFile, '--dest', s.dest]);
    const part = path.join(s.dest, 'model.onnx.part');
    await until(() => fs.existsSync(part) && fs.statSync(part).size > 100_000, 10_000, 'partial data');
    run.child.kill('SIGINT');
    const r = await run.done;
    assert.equal(r.code, 1);
    assert.match(r.stderr, /cancelled; the partial download stays in .* and resumes next time/);
    assert.deepEqual(listDir(s.dest), ['model.onnx.part']);
    const kept = fs.statSync(part).size;
    assert.ok(fs.readFileSync(part).equals(s.model.subarray(0, kept)));
    server.files.get(s.path('model.onnx'))!.throttle = undefined;
    const again = await start(['--manifest', s.manifestFile, '--dest', s.dest]).done;
    assert.equal(again.code, 0, again.stderr);
    assert.equal(server.requests(s.path('model.onnx')).at(-1)!.range, `bytes=${kept}-`);
    assert.ok(fs.readFileSync(path.join(s.dest, 'model.onnx')).equals(s.model));
  });

  test('two processes downloading the same files at once: one transfer per file, both succeed', async () => {
    const s = setup({ modelSize: 2_000_000 });
    // The server holds the model at 1 MiB (the downloader's write batch) until the second process is waiting, so both
    // are surely in flight at once.
    let release = () => {};
    const served = server.files.get(s.path('model.onnx'))!;
    served.holdAt = 1 << 20;
    served.hold = new Promise<void>((r) => (release = r));
    const first = start(['--manifest', s.manifestFile, '--dest', s.dest]);
    const part = path.join(s.dest, 'model.onnx.part');
    await until(() => fs.existsSync(part) && fs.statSync(part).size === 1 << 20, 10_000, 'first transfer at 1 MiB');
    const second = start(['--manifest', s.manifestFile, '--dest', s.dest]);
    let secondErr = '';
    second.child.stderr.on('data', (d) => (secondErr += d));
    await until(() => /another process is downloading model\.onnx/.test(secondErr), 10_000, 'second process waiting');
    release();
    const [a, b] = await Promise.all([first.done, second.done]);
    assert.equal(a.code, 0, a.stderr);
    assert.equal(b.code, 0, b.stderr);
    assert.equal(server.requests(s.path('model.onnx')).length, 1, 'one request for the model');
    assert.equal(server.bytesSent(s.path('model.onnx')), s.model.length, 'one full transfer');
    assert.equal(server.requests(s.path('jf_alpha.bin')).length, 1, 'one request for the voice');
    assert.match(b.stdout, /model\.onnx\tdownloaded by another process/);
    assert.match(b.stderr, /another process is downloading model\.onnx; waiting for it/);
    assert.match(b.stderr, /^model\.onnx: [5-9]0% 1\.\d\/2\.0 MB/m, 'the waiting process reports the other one\'s progress');
    assert.ok(fs.readFileSync(path.join(s.dest, 'model.onnx')).equals(s.model));
    assert.deepEqual(listDir(s.dest), ['jf_alpha.bin', 'jf_alpha.bin.verified.json', 'model.onnx', 'model.onnx.verified.json']);
  });
});

void FAST;
