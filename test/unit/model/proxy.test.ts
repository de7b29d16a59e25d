/**
 * Proxies: a real HTTP proxy on 127.0.0.1 forwarding http requests and tunnelling https (CONNECT) to a real TLS
 * server with a certificate made here by openssl; strictSSL on/off; environment variables and no_proxy.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as https from 'node:https';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { downloadAsset, DownloadError } from '../../../src/core/model';
import { bypassesProxy, proxyFor } from '../../../src/core/model/proxy';
import { FAST, listDir, randomData, sha256, startProxy, startServer, tempDir, TestProxy, TestServer } from './helpers';

describe('proxy selection', () => {
  const u = (s: string) => new URL(s);
  test('explicit proxy wins over the environment', () => {
    assert.equal(proxyFor(u('https://huggingface.co/x'), { proxy: 'http://p1:8080', env: { https_proxy: 'http://p2:3128' } })?.host, 'p1:8080');
  });
  test('https targets use https_proxy / HTTPS_PROXY, http targets http_proxy', () => {
    assert.equal(proxyFor(u('https://a.example/x'), { env: { HTTPS_PROXY: 'http://p2:3128', http_proxy: 'http://p3:1' } })?.host, 'p2:3128');
    assert.equal(proxyFor(u('http://a.example/x'), { env: { HTTPS_PROXY: 'http://p2:3128', http_proxy: 'http://p3:1' } })?.host, 'p3:1');
    assert.equal(proxyFor(u('https://a.example/x'), { env: {} }), null);
  });
  test('a proxy without scheme means http://', () => {
    assert.equal(proxyFor(u('https://a.example/'), { env: { https_proxy: 'corp-proxy:8080' } })?.href, 'http://corp-proxy:8080/');
  });
  test('no_proxy: exact host, domain suffix, leading dot, port, wildcard', () => {
    assert.equal(bypassesProxy(u('https://huggingface.co/'), ['huggingface.co']), true);
    assert.equal(bypassesProxy(u('https://cdn-lfs.huggingface.co/'), ['huggingface.co']), true);
    assert.equal(bypassesProxy(u('https://cdn-lfs.huggingface.co/'), ['.huggingface.co']), true);
    assert.equal(bypassesProxy(u('https://nothuggingface.co/'), ['huggingface.co']), false);
    assert.equal(bypassesProxy(u('http://127.0.0.1:8080/'), ['127.0.0.1:9090']), false);
    assert.equal(bypassesProxy(u('http://127.0.0.1:8080/'), ['127.0.0.1:8080']), true);
    assert.equal(bypassesProxy(u('https://x.y/'), ['*']), true);
    assert.equal(proxyFor(u('https://cdn.example.org/'), { env: { https_proxy: 'http://p:1', no_proxy: 'localhost, .example.org' } }), null);
  });
  test('an https:// or socks proxy is refused with a clear error', () => {
    assert.throws(() => proxyFor(u('https://a/'), { proxy: 'socks5://p:1080' }), /only http:\/\/ proxies are supported/);
  });
});

describe('downloads through a real proxy', () => {
  let server: TestServer;
  let proxy: TestProxy;
  let tlsServer: https.Server | undefined;
  let tlsPort = 0;
  let cert = '';
  let tlsData: Buffer = Buffer.alloc(0);
  let tlsSkip = '';
  before(async () => {
    server = await startServer();
    proxy = await startProxy();
    // A self-signed certificate for 127.0.0.1, made with openssl.
    const dir = tempDir('yomiage-tls-');
    try {
      execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', path.join(dir, 'k.pem'), '-out', path.join(dir, 'c.pem'), '-days', '1', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1'], { stdio: 'ignore' });
    } catch {
      tlsSkip = 'openssl is not available to make a test certificate';
      return;
    }
    cert = fs.readFileSync(path.join(dir, 'c.pem'), 'utf8');
    tlsData = randomData(700_000);
    tlsServer = https.createServer({ key: fs.readFileSync(path.join(dir, 'k.pem')), cert }, (req, res) => {
      if (req.url === '/secure/downgrade') {
        res.writeHead(302, { location: `${server.base}/plain/model.bin` });
        res.end();
        return;
      }
      if (req.url !== '/secure/model.bin') {
        res.writeHead(404);
        res.end();
        return;
      }
      res.writeHead(200, { 'content-length': tlsData.length });
      res.end(tlsData);
    });
    await new Promise<void>((r) => tlsServer!.listen(0, '127.0.0.1', r));
    tlsPort = (tlsServer.address() as AddressInfo).port;
  });
  after(async () => {
    await server.close();
    await proxy.close();
    tlsServer?.closeAllConnections();
    await new Promise((r) => (tlsServer ? tlsServer.close(r) : r(undefined)));
  });

  test('http target: forwarded by the proxy (option `proxy`)', async () => {
    const dir = tempDir();
    const data = randomData(250_000);
    server.files.set('/via/proxy.bin', { data });
    const r = await downloadAsset({ file: 'p.bin', url: `${server.base}/via/proxy.bin`, size: data.length, sizeExact: true, sha256: sha256(data) }, dir, { ...FAST, env: {}, proxy: proxy.url });
    assert.ok(fs.readFileSync(r.path).equals(data));
    assert.deepEqual(proxy.forwards, [`${server.base}/via/proxy.bin`]);
  });

  test('http target: http_proxy from the environment, and no_proxy bypasses it', async () => {
    const data = randomData(10_000);
    server.files.set('/via/env.bin', { data });
    const spec = { file: 'e.bin', url: `${server.base}/via/env.bin`, size: data.length, sizeExact: true, sha256: sha256(data) };
    const before = proxy.forwards.length;
    await downloadAsset(spec, tempDir(), { ...FAST, env: { http_proxy: proxy.url } });
    assert.equal(proxy.forwards.length, before + 1);
    await downloadAsset(spec, tempDir(), { ...FAST, env: { http_proxy: proxy.url, no_proxy: '127.0.0.1' } });
    assert.equal(proxy.forwards.length, before + 1, 'no_proxy: direct connection');
    assert.equal(server.requests('/via/env.bin').length, 2);
  });

  test('https target: CONNECT tunnel; the certificate is checked (strictSSL) unless turned off', async (t) => {
    if (tlsSkip) return t.skip(tlsSkip);
    const spec = { file: 'model.bin', url: `https://127.0.0.1:${tlsPort}/secure/model.bin`, size: tlsData.length, sizeExact: true, sha256: sha256(tlsData) };
    // Self-signed and not trusted: a clear TLS error, nothing written.
    const dir1 = tempDir();
    await assert.rejects(downloadAsset(spec, dir1, { ...FAST, env: { https_proxy: proxy.url } }), (e: unknown) => {
      assert.ok(e instanceof DownloadError);
      assert.equal(e.code, 'tls');
      assert.match(e.message, /certificate.*proxyStrictSSL/);
      return true;
    });
    assert.deepEqual(listDir(dir1), []);
    assert.deepEqual(proxy.connects, [`127.0.0.1:${tlsPort}`]);
    // strictSSL false (http.proxyStrictSSL = false): accepted.
    const dir2 = tempDir();
    const r2 = await downloadAsset(spec, dir2, { ...FAST, env: {}, proxy: proxy.url, strictSSL: false });
    assert.ok(fs.readFileSync(r2.path).equals(tlsData));
    // Trusting the certificate explicitly keeps strict checking on.
    const dir3 = tempDir();
    const r3 = await downloadAsset(spec, dir3, { ...FAST, env: {}, proxy: proxy.url, ca: cert });
    assert.ok(fs.readFileSync(r3.path).equals(tlsData));
    assert.equal(proxy.connects.length, 3);
  });

  test('direct https (no proxy): untrusted certificate refused unless strictSSL is false or the CA is given', async (t) => {
    if (tlsSkip) return t.skip(tlsSkip);
    const spec = { file: 'model.bin', url: `https://127.0.0.1:${tlsPort}/secure/model.bin`, size: tlsData.length, sizeExact: true, sha256: sha256(tlsData) };
    const connects = proxy.connects.length;
    const dir = tempDir();
    await assert.rejects(downloadAsset(spec, dir, { ...FAST, env: {} }), (e: unknown) => e instanceof DownloadError && e.code === 'tls');
    assert.deepEqual(listDir(dir), []);
    assert.ok(fs.readFileSync((await downloadAsset(spec, tempDir(), { ...FAST, env: {}, strictSSL: false })).path).equals(tlsData));
    assert.ok(fs.readFileSync((await downloadAsset(spec, tempDir(), { ...FAST, env: {}, ca: cert })).path).equals(tlsData));
    assert.equal(proxy.connects.length, connects, 'no proxy involved');
  });

  test('credentials in the proxy URL are sent as Proxy-Authorization (forwarding and CONNECT)', async (t) => {
    const data = randomData(5_000);
    server.files.set('/via/auth.bin', { data });
    const withCreds = proxy.url.replace('http://', 'http://ann%40corp:s%3Acret@');
    const before = proxy.auth.length;
    await downloadAsset({ file: 'a.bin', url: `${server.base}/via/auth.bin`, size: data.length, sizeExact: true, sha256: sha256(data) }, tempDir(), { ...FAST, env: {}, proxy: withCreds });
    const expected = `Basic ${Buffer.from('ann@corp:s:cret').toString('base64')}`;
    assert.equal(proxy.auth[before], expected);
    if (tlsSkip) return t.skip(tlsSkip);
    await downloadAsset({ file: 'model.bin', url: `https://127.0.0.1:${tlsPort}/secure/model.bin`, size: tlsData.length, sizeExact: true, sha256: sha256(tlsData) }, tempDir(), { ...FAST, env: {}, proxy: withCreds, ca: cert });
    assert.equal(proxy.auth.at(-1), expected);
  });

  test('a redirect from https down to plain http is refused', async (t) => {
    if (tlsSkip) return t.skip(tlsSkip);
    const dir = tempDir();
    await assert.rejects(
      downloadAsset({ file: 'd.bin', url: `https://127.0.0.1:${tlsPort}/secure/downgrade`, size: 1, sizeExact: true, sha256: null }, dir, { ...FAST, env: {}, ca: cert }),
      (e: unknown) => e instanceof DownloadError && e.code === 'redirect' && /from https to plain http/.test(e.message),
    );
    assert.equal(server.requests('/plain/model.bin').length, 0);
    assert.deepEqual(listDir(dir), []);
  });

  test('a proxy that refuses the tunnel (407) gives a clear proxy error', async () => {
    proxy.refuseWith = 407;
    try {
      await assert.rejects(
        downloadAsset({ file: 'x.bin', url: 'https://127.0.0.1:9/x.bin', size: 1, sizeExact: true, sha256: null }, tempDir(), { ...FAST, env: {}, proxy: proxy.url }),
        (e: unknown) => e instanceof DownloadError && e.code === 'proxy' && /407.*authentication/.test(e.message),
      );
    } finally {
      proxy.refuseWith = undefined;
    }
  });

  test('an unreachable proxy is reported as such', async () => {
    await assert.rejects(
      downloadAsset({ file: 'x.bin', url: 'https://example.invalid/x.bin', size: 1, sizeExact: true, sha256: null }, tempDir(), { ...FAST, env: {}, proxy: 'http://127.0.0.1:1', retries: 0 }),
      (e: unknown) => e instanceof DownloadError && e.code === 'proxy' && /cannot reach proxy 127\.0\.0\.1:1/.test(e.message),
    );
  });
});
