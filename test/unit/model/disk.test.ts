/**
 * Read-only and full destinations. Tests run as root here, where chmod 555 does not stop writes, so the read-only
 * case uses a real read-only tmpfs mount and the full case a real 1 MiB tmpfs (both need mount rights; without
 * them these tests are reported as skipped, never as passed). A file where a folder is expected needs no rights.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { downloadAsset, DownloadError } from '../../../src/core/model';
import type { AssetSpec } from '../../../src/core/model';
import { FAST, listDir, randomData, sha256, startServer, tempDir, TestServer } from './helpers';

let server: TestServer;
const mounts: string[] = [];
before(async () => {
  server = await startServer();
});
after(async () => {
  await server.close();
  for (const m of mounts.reverse()) {
    try {
      execFileSync('umount', [m], { stdio: 'ignore' });
    } catch {
      /* already gone */
    }
  }
});

/** Mounts a tmpfs; returns a reason string when this machine does not allow it. */
function mountTmpfs(dir: string, options: string): string | undefined {
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', options, 'tmpfs', dir], { stdio: 'ignore' });
    mounts.push(dir);
    return undefined;
  } catch {
    return `cannot mount a tmpfs here (needs root and mount rights)`;
  }
}

function serve(name: string, size: number): { data: Buffer; spec: AssetSpec } {
  const data = randomData(size);
  server.files.set(`/disk/${name}`, { data });
  return { data, spec: { file: name, url: `${server.base}/disk/${name}`, size, sizeExact: true, sha256: sha256(data) } };
}

async function failsWith(p: Promise<unknown>, code: DownloadError['code'], re: RegExp) {
  await assert.rejects(p, (e: unknown) => {
    assert.ok(e instanceof DownloadError, String(e));
    assert.equal(e.code, code, e.message);
    assert.match(e.message, re);
    return true;
  });
}

describe('destinations that cannot take the file', () => {
  test('a file where the destination folder should be: clear error, nothing created', async () => {
    const root = tempDir();
    const blocker = path.join(root, 'cache');
    fs.writeFileSync(blocker, 'not a folder');
    const { spec } = serve('v.bin', 1000);
    await failsWith(downloadAsset(spec, path.join(blocker, 'models'), { ...FAST, env: {} }), 'permission', /cannot create the folder .*not a directory/);
    assert.equal(fs.readFileSync(blocker, 'utf8'), 'not a folder');
  });

  test('read-only destination (ro tmpfs): clear error; the verified file already there stays usable', async (t) => {
    const dir = tempDir();
    const why = mountTmpfs(dir, 'size=2M');
    if (why) return t.skip(why);
    const good = serve('good.bin', 300_000);
    await downloadAsset(good.spec, dir, { ...FAST, env: {} });
    execFileSync('mount', ['-o', 'remount,ro', dir]);
    const other = serve('other.bin', 100_000);
    await failsWith(downloadAsset(other.spec, dir, { ...FAST, env: {} }), 'permission', /read-only file system: cannot create .*other\.bin\.lock/);
    await failsWith(downloadAsset(other.spec, path.join(dir, 'sub'), { ...FAST, env: {} }), 'permission', /read-only file system: cannot create the folder/);
    // The good file is untouched and still counts as verified without writing anything.
    const again = await downloadAsset(good.spec, dir, { ...FAST, env: {} });
    assert.equal(again.status, 'cached');
    assert.ok(fs.readFileSync(path.join(dir, 'good.bin')).equals(good.data));
    assert.deepEqual(listDir(dir), ['good.bin', 'good.bin.verified.json']);
  });

  test('full destination (1 MiB tmpfs): refused up front, or stopped by ENOSPC mid-file; good files kept; resumes after space is freed', async (t) => {
    const dir = tempDir();
    const why = mountTmpfs(dir, 'size=1M');
    if (why) return t.skip(why);
    const good = serve('good.bin', 400_000);
    await downloadAsset(good.spec, dir, { ...FAST, env: {} });
    const big = serve('big.bin', 800_000);

    // 1. The free-space check refuses before writing anything.
    await failsWith(downloadAsset(big.spec, dir, { ...FAST, env: {} }), 'disk-full', /not enough disk space .* for big\.bin: 0\.8 MB needed, 0\.\d MB free/);
    assert.deepEqual(listDir(dir), ['good.bin', 'good.bin.verified.json']);

    // 2. Without the check, the real ENOSPC stops the transfer: a clean prefix stays as .part, nothing else.
    await failsWith(downloadAsset(big.spec, dir, { ...FAST, env: {}, checkFreeSpace: false }), 'disk-full', /not enough disk space to write .*big\.bin\.part.*kept/);
    assert.deepEqual(listDir(dir), ['big.bin.part', 'good.bin', 'good.bin.verified.json']);
    const part = fs.readFileSync(path.join(dir, 'big.bin.part'));
    assert.ok(part.length > 0 && part.length < big.data.length);
    assert.ok(part.equals(big.data.subarray(0, part.length)), '.part is an exact prefix');
    assert.ok(fs.readFileSync(path.join(dir, 'good.bin')).equals(good.data), 'the good file is intact');
    assert.equal((await downloadAsset(good.spec, dir, { ...FAST, env: {} })).status, 'cached');

    // 3. Space freed: the next run resumes from the .part.
    fs.rmSync(path.join(dir, 'good.bin'));
    const r = await downloadAsset(big.spec, dir, { ...FAST, env: {} });
    assert.equal(r.bytesFetched, big.data.length - part.length);
    assert.ok(fs.readFileSync(path.join(dir, 'big.bin')).equals(big.data));
  });
});
