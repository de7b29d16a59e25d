/**
 * The real downloader against a real HTTP server on 127.0.0.1: success, redirects, resume after a drop, no Range
 * support, wrong hash, 404, 500 then success, stall timeout, cancel, concurrent callers, lock waiting.
 * After every failure the folder holds the complete verified file or nothing of it but a resumable .part.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { downloadAsset, DownloadError, DownloadProgress, DownloadEvent } from '../../../src/core/model';
import type { AssetSpec } from '../../../src/core/model';
import { tryLock } from '../../../src/core/model/lock';
import { FAST, listDir, randomData, sha256, startServer, tempDir, TestServer, until } from './helpers';

let server: TestServer;
before(async () => {
  server = await startServer();
});
after(async () => {
  await server.close();
});

let n = 0;
/** Serves fresh random data at a fresh path and returns its spec (hash computed here from the bytes). */
function serve(size: number, behaviour: Partial<Parameters<TestServer['files']['set']>[1]> = {}, fileName = 'asset.bin') {
  const data = randomData(size);
  const p = `/files/${++n}/${fileName}`;
  server.files.set(p, { data, ...behaviour });
  const spec: AssetSpec = { file: fileName, url: server.base + p, size, sizeExact: true, sha256: sha256(data) };
  return { data, p, spec };
}

/** The folder holds nothing of `file` but, optionally, a .part that is a prefix of `data`. */
function assertNothingButPrefix(dir: string, file: string, data: Buffer, expectPart: boolean) {
  const names = listDir(dir).filter((f) => f.startsWith(file));
  assert.ok(!names.includes(file), `no final ${file} after a failure (found ${names.join(', ')})`);
  assert.ok(!names.includes(`${file}.lock`), 'lock released');
  assert.ok(!names.includes(`${file}.verified.json`), 'no verification record');
  if (expectPart) {
    assert.ok(names.includes(`${file}.part`), 'a resumable .part is kept');
    const part = fs.readFileSync(path.join(dir, `${file}.part`));
    assert.ok(part.length > 0 && part.length < data.length, `partial size ${part.length}`);
    assert.ok(part.equals(data.subarray(0, part.length)), '.part is an exact prefix of the file');
  } else {
    assert.deepEqual(names, [], `nothing of ${file} left`);
  }
}

async function rejects(p: Promise<unknown>, code: DownloadError['code']): Promise<DownloadError> {
  try {
    await p;
  } catch (e) {
    assert.ok(e instanceof DownloadError, `expected DownloadError, got ${(e as Error)?.stack ?? e}`);
    assert.equal(e.code, code, `code of: ${e.message}`);
    return e;
  }
  assert.fail(`expected a ${code} failure`);
}

describe('downloadAsset', () => {
  test('downloads, verifies, renames; the next call uses the cached file without fetching', async () => {
    const dir = tempDir();
    const { data, p, spec } = serve(1_000_003);
    const seen: DownloadProgress[] = [];
    const r = await downloadAsset(spec, dir, { ...FAST, env: {}, onProgress: (x) => seen.push(x) });
    assert.equal(r.status, 'downloaded');
    assert.equal(r.bytesFetched, data.length);
    assert.equal(r.hashSource, 'manifest');
    assert.ok(fs.readFileSync(path.join(dir, 'asset.bin')).equals(data));
    assert.deepEqual(listDir(dir), ['asset.bin', 'asset.bin.verified.json']);
    const rec = JSON.parse(fs.readFileSync(path.join(dir, 'asset.bin.verified.json'), 'utf8'));
    assert.equal(rec.sha256, sha256(data));
    assert.equal(rec.source, 'manifest');
    // progress: monotonic, ends at the total
    const received = seen.filter((s) => s.phase === 'downloading').map((s) => s.received);
    assert.ok(received.length > 0);
    assert.deepEqual(received, [...received].sort((a, b) => a - b));
    assert.deepEqual(seen.at(-1), { ...seen.at(-1)!, phase: 'done', received: data.length, total: data.length });

    const again = await downloadAsset(spec, dir, { ...FAST, env: {} });
    assert.equal(again.status, 'cached');
    assert.equal(server.requests(p).length, 1, 'no second request');
  });

  test('a file changed on disk after verification is re-hashed, rejected and fetched again', async () => {
    const dir = tempDir();
    const { data, p, spec } = serve(200_000);
    await downloadAsset(spec, dir, { ...FAST, env: {} });
    const f = path.join(dir, 'asset.bin');
    const bad = Buffer.from(data);
    bad[1234] ^= 0xff;
    fs.writeFileSync(f, bad); // same size, new mtime
    const events: DownloadEvent[] = [];
    const r = await downloadAsset(spec, dir, { ...FAST, env: {}, onEvent: (e) => events.push(e) });
    assert.equal(r.status, 'downloaded');
    assert.ok(fs.readFileSync(f).equals(data));
    assert.equal(server.requests(p).length, 2);
    assert.ok(events.some((e) => e.kind === 'rejected-existing'));
  });

  test('follows a redirect chain with absolute and relative Locations', async () => {
    const dir = tempDir();
    const { data, p, spec } = serve(300_000);
    server.redirects.set('/r/one', { status: 302, location: `${server.base}/r/two` });
    server.redirects.set('/r/two', { status: 307, location: '/r/deeper/three' });
    server.redirects.set('/r/deeper/three', { status: 301, location: `../..${p}` });
    const r = await downloadAsset({ ...spec, url: `${server.base}/r/one` }, dir, { ...FAST, env: {} });
    assert.equal(r.status, 'downloaded');
    assert.ok(fs.readFileSync(path.join(dir, 'asset.bin')).equals(data));
    assert.deepEqual(
      server.log.filter((l) => l.path.startsWith('/r/') || l.path === p).map((l) => [l.path, l.status]),
      [['/r/one', 302], ['/r/two', 307], ['/r/deeper/three', 301], [p, 200]],
    );
  });

  test('too many redirects is a clear error and leaves nothing', async () => {
    const dir = tempDir();
    server.redirects.set('/loop', { status: 302, location: '/loop' });
    const e = await rejects(downloadAsset({ file: 'x.bin', url: `${server.base}/loop`, size: 10, sizeExact: true, sha256: null }, dir, { ...FAST, env: {}, maxRedirects: 3 }), 'redirect');
    assert.match(e.message, /too many redirects/);
    assert.equal(server.requests('/loop').length, 4);
    assert.deepEqual(listDir(dir), []);
  });

  test('a connection dropped mid-file resumes with Range; bytes on disk are not fetched again', async () => {
    const dir = tempDir();
    const { data, p, spec } = serve(1_500_000, { dropAfter: [400_000, 700_000] });
    // At each failure, what is on disk (observed here, not reported by the downloader).
    const onDisk: number[] = [];
    const r = await downloadAsset(spec, dir, {
      ...FAST,
      env: {},
      onEvent: (e) => {
        if (e.kind === 'retry') onDisk.push(fs.statSync(path.join(dir, 'asset.bin.part')).size);
      },
    });
    assert.ok(fs.readFileSync(path.join(dir, 'asset.bin')).equals(data));
    assert.equal(onDisk.length, 2);
    assert.ok(onDisk[0] > 0 && onDisk[0] <= 400_000, `kept ${onDisk[0]} bytes of the first transfer`);
    assert.ok(onDisk[1] > onDisk[0] && onDisk[1] <= onDisk[0] + 700_000);
    const reqs = server.requests(p);
    assert.deepEqual(reqs.map((q) => [q.range, q.status]), [
      [undefined, 200],
      [`bytes=${onDisk[0]}-`, 206],
      [`bytes=${onDisk[1]}-`, 206],
    ]);
    // Server-side counts: each resumed request sent only bytes beyond what was on disk.
    assert.equal(reqs[0].bytesSent, 400_000);
    assert.equal(reqs[1].bytesSent, 700_000);
    assert.equal(reqs[2].bytesSent, data.length - onDisk[1]);
    assert.equal(r.bytesFetched, data.length, 'bytes written to disk = file size: nothing written twice');
  });

  test('a later run resumes a .part left by a failed one (prefix hashed from disk, not fetched)', async () => {
    const dir = tempDir();
    const { data, p, spec } = serve(900_000, { dropAfter: [250_000] });
    await rejects(downloadAsset(spec, dir, { ...FAST, env: {}, retries: 0 }), 'network');
    assertNothingButPrefix(dir, 'asset.bin', data, true);
    const kept = fs.statSync(path.join(dir, 'asset.bin.part')).size;
    assert.ok(kept > 0 && kept <= 250_000);
    const events: DownloadEvent[] = [];
    const r = await downloadAsset(spec, dir, { ...FAST, env: {}, onEvent: (e) => events.push(e) });
    assert.equal(r.bytesFetched, data.length - kept);
    assert.equal(server.requests(p)[1].range, `bytes=${kept}-`);
    assert.equal(server.requests(p)[1].bytesSent, data.length - kept);
    assert.ok(fs.readFileSync(path.join(dir, 'asset.bin')).equals(data));
    assert.ok(events.some((e) => e.kind === 'resume'));
  });

  test('a .part that is already complete is verified and installed without any request', async () => {
    const dir = tempDir();
    const { data, p, spec } = serve(100_000);
    fs.writeFileSync(path.join(dir, 'asset.bin.part'), data);
    const r = await downloadAsset(spec, dir, { ...FAST, env: {} });
    assert.equal(r.status, 'downloaded');
    assert.equal(r.bytesFetched, 0);
    assert.equal(server.requests(p).length, 0);
    assert.deepEqual(listDir(dir), ['asset.bin', 'asset.bin.verified.json']);
  });

  test('approximate size and a complete .part: the server answers 416 with the full length, the file is installed', async () => {
    const dir = tempDir();
    const { data, p, spec } = serve(120_000);
    fs.writeFileSync(path.join(dir, 'asset.bin.part'), data);
    const r = await downloadAsset({ ...spec, size: 125_000, sizeExact: false }, dir, { ...FAST, env: {} });
    assert.equal(r.bytesFetched, 0);
    assert.deepEqual(server.requests(p).map((q) => [q.range, q.status]), [['bytes=120000-', 416]]);
    assert.ok(fs.readFileSync(path.join(dir, 'asset.bin')).equals(data));
  });

  test('a server that ignores Range makes a clean restart from byte 0', async () => {
    const dir = tempDir();
    const { data, p, spec } = serve(800_000, { range: false, dropAfter: [300_000] });
    const events: DownloadEvent[] = [];
    let kept = -1;
    await downloadAsset(spec, dir, {
      ...FAST,
      env: {},
      onEvent: (e) => {
        events.push(e);
        if (e.kind === 'retry') kept = fs.statSync(path.join(dir, 'asset.bin.part')).size;
      },
    });
    assert.ok(fs.readFileSync(path.join(dir, 'asset.bin')).equals(data));
    assert.ok(kept > 0);
    const reqs = server.requests(p);
    assert.deepEqual(reqs.map((q) => [q.range, q.status, q.bytesSent]), [[undefined, 200, 300_000], [`bytes=${kept}-`, 200, data.length]]);
    assert.ok(events.some((e) => e.kind === 'restart' && /does not support resuming/.test(e.message)));
  });

  test('a stale .part with a server that ignores Range: truncated and replaced, hash still right', async () => {
    const dir = tempDir();
    const { data, spec } = serve(200_000, { range: false });
    fs.writeFileSync(path.join(dir, 'asset.bin.part'), randomData(50_000)); // garbage prefix
    await downloadAsset(spec, dir, { ...FAST, env: {} });
    assert.ok(fs.readFileSync(path.join(dir, 'asset.bin')).equals(data));
  });

  test('a 206 with a Content-Range that does not start where asked restarts without Range', async () => {
    const dir = tempDir();
    const { data, p, spec } = serve(300_000, { wrongRangeStart: 0 });
    fs.writeFileSync(path.join(dir, 'asset.bin.part'), data.subarray(0, 100_000));
    await downloadAsset(spec, dir, { ...FAST, env: {} });
    assert.ok(fs.readFileSync(path.join(dir, 'asset.bin')).equals(data));
    assert.deepEqual(server.requests(p).map((q) => q.range), ['bytes=100000-', undefined]);
  });

  test('a wrong hash rejects the file: nothing left in place, no .part', async () => {
    const dir = tempDir();
    const { p, spec } = serve(400_000);
    const e = await rejects(downloadAsset({ ...spec, sha256: sha256(Buffer.from('something else')) }, dir, { ...FAST, env: {} }), 'integrity');
    assert.match(e.message, /SHA-256/);
    assert.deepEqual(listDir(dir), []);
    assert.equal(server.requests(p).length, 1, 'a bad hash is not retried');
  });

  test('a wrong size offered by the server is refused before writing', async () => {
    const dir = tempDir();
    const { spec } = serve(1000);
    const e = await rejects(downloadAsset({ ...spec, size: 999 }, dir, { ...FAST, env: {} }), 'size');
    assert.match(e.message, /1000 bytes.*999/);
    assert.deepEqual(listDir(dir), []);
  });

  test('404 is a clear error, not retried, nothing written', async () => {
    const dir = tempDir();
    const e = await rejects(downloadAsset({ file: 'gone.bin', url: `${server.base}/nothing/here.bin`, size: 10, sizeExact: true, sha256: null }, dir, { ...FAST, env: {} }), 'not-found');
    assert.match(e.message, /gone\.bin not found at .*nothing\/here\.bin \(HTTP 404\)/);
    assert.equal(server.requests('/nothing/here.bin').length, 1);
    assert.deepEqual(listDir(dir), []);
  });

  test('500 then 503 then success: retried with backoff', async () => {
    const dir = tempDir();
    const { data, p, spec } = serve(100_000, { failFirst: [500, 503] });
    const events: DownloadEvent[] = [];
    await downloadAsset(spec, dir, { ...FAST, env: {}, onEvent: (e) => events.push(e) });
    assert.ok(fs.readFileSync(path.join(dir, 'asset.bin')).equals(data));
    assert.deepEqual(server.requests(p).map((q) => q.status), [500, 503, 200]);
    assert.deepEqual(events.filter((e) => e.kind === 'retry').map((e) => /HTTP (\d+)/.exec(e.message)?.[1]), ['500', '503']);
  });

  test('a server that keeps failing: gives up after the retry budget with the last status', async () => {
    const dir = tempDir();
    const { p, spec } = serve(1000, { failFirst: [502, 502, 502, 502] });
    const e = await rejects(downloadAsset(spec, dir, { ...FAST, env: {}, retries: 2 }), 'http');
    assert.match(e.message, /HTTP 502.*gave up after 3 attempts/);
    assert.equal(server.requests(p).length, 3);
    assert.deepEqual(listDir(dir), []);
  });

  test('a stalled server times out; the .part keeps what arrived; a later run resumes', async () => {
    const dir = tempDir();
    const { data, p, spec } = serve(500_000, { stallAfter: 120_000 });
    const e = await rejects(downloadAsset(spec, dir, { ...FAST, env: {}, idleTimeoutMs: 300, retries: 1 }), 'timeout');
    assert.match(e.message, /stalled/);
    assertNothingButPrefix(dir, 'asset.bin', data, true);
    assert.equal(server.requests(p).length, 2, 'one retry after the first stall');
    assert.equal(server.requests(p)[1].range, 'bytes=120000-');
    server.files.get(p)!.stallAfter = undefined;
    await downloadAsset(spec, dir, { ...FAST, env: {} });
    assert.ok(fs.readFileSync(path.join(dir, 'asset.bin')).equals(data));
    assert.equal(server.bytesSent(p), data.length, 'no byte fetched twice');
  });

  test('a server that accepts but never answers times out too, and is retried', async () => {
    const dir = tempDir();
    const { p, spec } = serve(1000, { silent: true });
    const e = await rejects(downloadAsset(spec, dir, { ...FAST, env: {}, idleTimeoutMs: 200, retries: 2 }), 'timeout');
    assert.match(e.message, /no data from 127\.0\.0\.1:\d+ for 0\.2 s \(stalled connection\).*gave up after 3 attempts/);
    assert.equal(server.requests(p).length, 3);
    assert.deepEqual(listDir(dir), []);
  });

  test('a host that never completes the TCP connect times out (connect is covered, not only idle reads)', async (t) => {
    // A listening socket with a full backlog that never accepts: further SYNs are dropped, the connect hangs.
    // Node always accepts, so the listener is a small python3 process.
    const { spawn } = await import('node:child_process');
    const net = await import('node:net');
    const py = spawn('python3', ['-c', 'import socket,time\ns=socket.socket();s.bind(("127.0.0.1",0));s.listen(0)\nprint(s.getsockname()[1],flush=True)\ntime.sleep(60)']);
    const port = await new Promise<number>((resolve) => {
      py.on('error', () => resolve(0));
      py.stdout.once('data', (d) => resolve(Number(String(d).trim())));
    });
    if (!port) return t.skip('python3 is not available for a non-accepting listener');
    const fillers: import('node:net').Socket[] = [];
    try {
      const first = net.connect(port, '127.0.0.1');
      fillers.push(first);
      await new Promise((r) => first.once('connect', r)); // the backlog is now full
      const dir = tempDir();
      await rejects(downloadAsset({ file: 'x.bin', url: `http://127.0.0.1:${port}/x.bin`, size: 1, sizeExact: true, sha256: null }, dir, { ...FAST, env: {}, idleTimeoutMs: 300, retries: 0 }), 'timeout').then((e) =>
        assert.match(e.message, /could not connect to 127\.0\.0\.1:\d+ within 0\.3 s/),
      );
      assert.deepEqual(listDir(dir), []);
    } finally {
      fillers.forEach((f) => f.destroy());
      py.kill();
    }
  });

  test('cancel via AbortSignal keeps the resumable .part and leaves no final file or lock', async () => {
    const dir = tempDir();
    const { data, p, spec } = serve(2_000_000, { throttle: { bytes: 32_768, everyMs: 5 } });
    const ac = new AbortController();
    const pr = downloadAsset(spec, dir, {
      ...FAST,
      env: {},
      signal: ac.signal,
      onProgress: (x) => {
        if (x.received >= 200_000) ac.abort();
      },
    });
    await rejects(pr, 'cancelled');
    assertNothingButPrefix(dir, 'asset.bin', data, true);
    const partLen = fs.statSync(path.join(dir, 'asset.bin.part')).size;
    server.files.get(p)!.throttle = undefined;
    const r = await downloadAsset(spec, dir, { ...FAST, env: {} });
    assert.equal(r.bytesFetched, data.length - partLen);
    assert.ok(fs.readFileSync(path.join(dir, 'asset.bin')).equals(data));
  });

  test('two concurrent calls for one file share one transfer (the server sees one request)', async () => {
    const dir = tempDir();
    const { data, p, spec } = serve(1_000_000, { throttle: { bytes: 65_536, everyMs: 2 } });
    let progA = 0;
    let progB = 0;
    const a = downloadAsset(spec, dir, { ...FAST, env: {}, onProgress: () => progA++ });
    const b = downloadAsset(spec, dir, { ...FAST, env: {}, onProgress: () => progB++ });
    const [ra, rb] = await Promise.all([a, b]);
    assert.equal(ra.path, rb.path);
    assert.equal(ra.sha256, sha256(data));
    assert.equal(server.requests(p).length, 1);
    assert.equal(server.bytesSent(p), data.length);
    assert.ok(progA > 0 && progB > 0, 'both callers see progress');
  });

  test('one of two callers cancelling does not stop the shared transfer', async () => {
    const dir = tempDir();
    const { data, p, spec } = serve(600_000, { throttle: { bytes: 32_768, everyMs: 2 } });
    const ac = new AbortController();
    const a = downloadAsset(spec, dir, { ...FAST, env: {}, signal: ac.signal });
    const b = downloadAsset(spec, dir, { ...FAST, env: {} });
    setTimeout(() => ac.abort(), 10);
    await rejects(a, 'cancelled');
    const rb = await b;
    assert.equal(rb.status, 'downloaded');
    assert.ok(fs.readFileSync(rb.path).equals(data));
    assert.equal(server.requests(p).length, 1);
  });

  test('waits while another process holds the lock, then downloads when it is released', async () => {
    const dir = tempDir();
    const { data, p, spec } = serve(50_000);
    const lock = tryLock(path.join(dir, 'asset.bin.lock'));
    assert.ok(lock);
    const phases: string[] = [];
    const events: DownloadEvent[] = [];
    const pr = downloadAsset(spec, dir, { ...FAST, env: {}, onProgress: (x) => phases.push(x.phase), onEvent: (e) => events.push(e) });
    await until(() => phases.filter((x) => x === 'waiting').length >= 3, 5000, 'waiting progress');
    assert.equal(server.requests(p).length, 0, 'nothing fetched while locked');
    lock!.release();
    const r = await pr;
    assert.ok(fs.readFileSync(r.path).equals(data));
    assert.ok(events.some((e) => e.kind === 'waiting-for-lock'));
    assert.ok(!fs.existsSync(path.join(dir, 'asset.bin.lock')));
  });

  test('a lock left by a dead process is taken over', async () => {
    const dir = tempDir();
    const { data, spec } = serve(50_000);
    const { spawnSync } = await import('node:child_process');
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
    const os = await import('node:os');
    fs.writeFileSync(path.join(dir, 'asset.bin.lock'), JSON.stringify({ pid: Number(dead.stdout), hostname: os.hostname(), createdAt: new Date().toISOString(), token: 'old' }));
    const r = await downloadAsset(spec, dir, { ...FAST, env: {} });
    assert.ok(fs.readFileSync(r.path).equals(data));
    assert.ok(!fs.existsSync(path.join(dir, 'asset.bin.lock')));
  });

  test('a lock that is not refreshed is stale after lockStaleMs even if its pid lives', async () => {
    const dir = tempDir();
    const { data, spec } = serve(10_000);
    const lockFile = path.join(dir, 'asset.bin.lock');
    fs.writeFileSync(lockFile, JSON.stringify({ pid: process.ppid, hostname: 'elsewhere', createdAt: '', token: 'x' }));
    const old = new Date(Date.now() - 10_000);
    fs.utimesSync(lockFile, old, old);
    const r = await downloadAsset(spec, dir, { ...FAST, env: {}, lockStaleMs: 5_000 });
    assert.ok(fs.readFileSync(r.path).equals(data));
  });

  test('no published hash: size checked against Content-Length, hash recorded on first download and enforced later', async () => {
    const dir = tempDir();
    const { data, p, spec } = serve(300_000);
    const approx: AssetSpec = { ...spec, sha256: null, size: 310_000, sizeExact: false };
    const events: DownloadEvent[] = [];
    const r = await downloadAsset(approx, dir, { ...FAST, env: {}, onEvent: (e) => events.push(e) });
    assert.equal(r.hashSource, 'first-download');
    assert.equal(r.size, 300_000);
    const rec = JSON.parse(fs.readFileSync(path.join(dir, 'asset.bin.verified.json'), 'utf8'));
    assert.deepEqual([rec.source, rec.sha256, rec.size], ['first-download', sha256(data), 300_000]);
    assert.ok(events.some((e) => e.kind === 'hash-recorded' && e.message.includes(sha256(data))));
    // The server now serves other bytes: the recorded hash rejects them.
    fs.rmSync(path.join(dir, 'asset.bin'));
    server.files.get(p)!.data = randomData(300_000);
    const e = await rejects(downloadAsset(approx, dir, { ...FAST, env: {} }), 'integrity');
    assert.match(e.message, /recorded on the first download/);
    assert.ok(!fs.existsSync(path.join(dir, 'asset.bin')) && !fs.existsSync(path.join(dir, 'asset.bin.part')));
  });

  test('an approximate size far from the Content-Length is refused', async () => {
    const dir = tempDir();
    const { spec } = serve(100_000);
    const e = await rejects(downloadAsset({ ...spec, sha256: null, size: 200_000, sizeExact: false }, dir, { ...FAST, env: {} }), 'size');
    assert.match(e.message, /far from the expected size/);
    assert.deepEqual(listDir(dir), []);
  });
});
