/**
 * Measurement, not a test: loopback throughput of downloadAsset (streaming to .part, SHA-256, fsync, rename) versus
 * curl on the same 100 MB file from the same 127.0.0.1 server. Run: node --import tsx test/unit/model/throughput.ts
 * Prints JSON with median seconds and MB/s for each, and the ratio.
 */
import { execFileSync, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { downloadAsset } from '../../../src/core/model';

async function main() {
  const size = Number(process.env.SIZE_MB ?? 100) * 1e6;
  const runs = Number(process.env.RUNS ?? 3);
  // The server runs in its own process, as it does for curl, so it does not compete with the downloader's thread.
  const serverCode = `
    const http = require('http'); const { randomBytes, createHash } = require('crypto');
    const data = randomBytes(${size});
    const s = http.createServer((q, r) => { r.writeHead(200, { 'content-length': data.length }); r.end(data); });
    s.listen(0, '127.0.0.1', () => process.stdout.write(JSON.stringify({ port: s.address().port, sha256: createHash('sha256').update(data).digest('hex') }) + '\\n'));`;
  const child = spawn(process.execPath, ['-e', serverCode], { stdio: ['ignore', 'pipe', 'inherit'] });
  const info = await new Promise<{ port: number; sha256: string }>((resolve) => {
    let buf = '';
    child.stdout.on('data', (d) => {
      buf += d;
      if (buf.includes('\n')) resolve(JSON.parse(buf));
    });
  });
  const digest = info.sha256;
  const url = `http://127.0.0.1:${info.port}/big.bin`;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'yomiage-tp-'));
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const ours: number[] = [];
  const curl: number[] = [];
  const curlHash: number[] = [];
  for (let i = 0; i < runs; i++) {
    fs.rmSync(path.join(dir, 'big.bin'), { force: true });
    fs.rmSync(path.join(dir, 'big.bin.verified.json'), { force: true });
    let t = process.hrtime.bigint();
    await downloadAsset({ file: 'big.bin', url, size, sizeExact: true, sha256: digest }, dir, { env: {} });
    ours.push(Number(process.hrtime.bigint() - t) / 1e9);
    const out = path.join(dir, 'curl.bin');
    t = process.hrtime.bigint();
    await new Promise<void>((resolve, reject) => {
      const c = spawn('curl', ['-s', '-o', out, url]);
      c.on('close', (code: number) => (code === 0 ? resolve() : reject(new Error(`curl ${code}`))));
    });
    curl.push(Number(process.hrtime.bigint() - t) / 1e9);
    t = process.hrtime.bigint();
    execFileSync('sha256sum', [out]);
    curlHash.push(curl[i] + Number(process.hrtime.bigint() - t) / 1e9);
    fs.rmSync(out);
  }
  child.kill();
  fs.rmSync(dir, { recursive: true, force: true });
  const mbps = (s: number) => +(size / 1e6 / s).toFixed(1);
  const o = median(ours);
  const c = median(curl);
  const ch = median(curlHash);
  console.log(
    JSON.stringify(
      {
        sizeMB: size / 1e6,
        runs,
        downloader: { seconds: +o.toFixed(3), MBps: mbps(o) },
        curl: { seconds: +c.toFixed(3), MBps: mbps(c) },
        curlThenSha256sum: { seconds: +ch.toFixed(3), MBps: mbps(ch) },
        ratioVsCurl: +(c / o).toFixed(2),
        ratioVsCurlPlusSha256sum: +(ch / o).toFixed(2),
      },
      null,
      2,
    ),
  );
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
