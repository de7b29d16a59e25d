/** Clean edges of the CLI: closed pipes, control characters, dictionaries with a BOM or huge keys, bad proxies. */
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { DIST_CLI, requireDist, tmpDir } from '../engine/helpers';

let dir: string;
function cli(args: string[], input?: string, env: NodeJS.ProcessEnv = process.env) {
  const r = spawnSync(process.execPath, [DIST_CLI, ...args], { cwd: dir, input, encoding: 'utf8', env, timeout: 60_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}
/** This machine's environment without proxy variables. */
function noProxyEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!/proxy/i.test(k)) env[k] = v;
  return env;
}

before(() => {
  requireDist();
  dir = fs.mkdtempSync(path.join(tmpDir(), 'edges-'));
});

test('g2p --jsonl into a reader that stops after one line ends quietly (no EPIPE trace)', async () => {
  const child = spawn(process.execPath, [DIST_CLI, 'g2p', '--jsonl'], { stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  child.stdin.end('今日は良い天気です。\n'.repeat(20_000));
  const first = await new Promise<string>((resolve) => {
    let buf = '';
    child.stdout.on('data', (d) => {
      buf += d;
      const nl = buf.indexOf('\n');
      if (nl >= 0) {
        child.stdout.destroy(); // as `head -1` does
        resolve(buf.slice(0, nl));
      }
    });
  });
  assert.equal(JSON.parse(first).kana, 'キョーワヨイテンキデス。');
  const code = await new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
  assert.equal(stderr, '');
  assert.equal(code, 0);
});

test('g2p never echoes control characters or escape sequences raw', () => {
  const r = cli(['g2p', '-'], '\x1b[31m赤\x1b[0m、\x9b2J青\x1b]0;x\x07い。次の文。');
  assert.equal(r.code, 0, r.stderr);
  assert.doesNotMatch(r.stdout, /[\x00-\x08\x0b-\x1f\x7f-\x9f]/);
  assert.match(r.stdout, /^chunk 1 \[0, \d+\): 赤、青い。$/m);
  assert.match(r.stdout, /^kana: +アカ、アオイ。$/m);
  const j = cli(['g2p', '--jsonl'], '\x1b[31m赤\x9b0m\n');
  assert.doesNotMatch(j.stdout, /[\x1b\x9b]/);
  const line = JSON.parse(j.stdout);
  assert.equal(line.text, '\x1b[31m赤\x9b0m', 'the input line is given back, escaped as JSON');
  assert.equal(line.kana, 'アカ');
  const bad = cli(['g2p', 'あ', '--dict', path.join(dir, '\x1b]0;pwned\x07.json')]);
  assert.equal(bad.code, 1);
  assert.doesNotMatch(bad.stderr, /[\x1b\x07]/);
  assert.match(bad.stderr, /\\u001b\]0;pwned\\u0007\.json/);
});

test('a dictionary with a UTF-8 BOM is read; a huge key gives one short error line', () => {
  const bom = path.join(dir, 'bom.json');
  fs.writeFileSync(bom, Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(JSON.stringify({ 傘: 'からかさ' }))]));
  const r = cli(['g2p', '傘', '--dict', bom]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /^kana: +カラカサ$/m);
  const big = path.join(dir, 'big.json');
  fs.writeFileSync(big, JSON.stringify({ ['鍵'.repeat(1_000_000)]: 'abc' }));
  const b = cli(['g2p', '傘', '--dict', big]);
  assert.equal(b.code, 1);
  assert.ok(b.stderr.length < 400, `${b.stderr.length} bytes of stderr`);
  assert.match(b.stderr, /the reading of "鍵{40}…" \(1000000 characters\) must be kana, found "abc"/);
  const broken = path.join(dir, 'broken.json');
  fs.writeFileSync(broken, '{"' + 'x'.repeat(1_000_000));
  const c = cli(['g2p', '傘', '--dict', broken]);
  assert.equal(c.code, 1);
  assert.ok(c.stderr.length < 400, `${c.stderr.length} bytes of stderr`);
  assert.match(c.stderr, /is not valid JSON/);
});

test('an invalid --proxy is a usage error at once; an invalid proxy variable fails once, without retries', () => {
  const dest = path.join(dir, 'dl');
  const u = cli(['download', '--proxy', 'http://[bad', '--dest', dest], undefined, noProxyEnv());
  assert.equal(u.code, 2);
  assert.match(u.stderr, /^yomiage download: --proxy: invalid proxy setting "http:\/\/\[bad": expected http:\/\/host:port\n/);
  const s = cli(['download', '--proxy', 'socks5://127.0.0.1:1080', '--dest', dest], undefined, noProxyEnv());
  assert.equal(s.code, 2);
  assert.match(s.stderr, /only http:\/\/ proxies are supported/);
  const e = cli(['download', '--dest', dest], undefined, { ...noProxyEnv(), https_proxy: 'http://[bad' });
  assert.equal(e.code, 1);
  assert.doesNotMatch(e.stderr, /retrying/);
  assert.match(e.stderr, /invalid proxy setting "http:\/\/\[bad"/);
  assert.equal(fs.existsSync(path.join(dest, 'model_quantized.onnx')), false);
});
