// The `g2p` command run as a real process (TypeScript source through tsx): JSON lines, --dict, exit codes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const root = path.resolve(__dirname, '../../..');

function cli(args: string[], input?: string) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', path.join(root, 'src/cli.ts'), 'g2p', ...args], {
    cwd: root,
    input,
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

test('g2p --jsonl: one JSON line per stdin line with text, kana, phonemes and tokens', () => {
  const r = cli(['--jsonl'], '東京\nはい。\n\nこんにちは\n');
  assert.equal(r.code, 0, r.err);
  const lines = r.out.trimEnd().split('\n').map((l) => JSON.parse(l));
  assert.equal(lines.length, 4);
  assert.deepEqual(
    lines.map((l) => [l.text, l.kana, l.phonemes]),
    [
      ['東京', 'トーキョー', 'toːkʲoː'],
      ['はい。', 'ハイ。', 'hai.'],
      ['', '', ''],
      ['こんにちは', 'コンニチワ', 'koɲɲiʨiβa'],
    ],
  );
  // h 50, a 43, i 51, . 4 — no framing zeros
  assert.deepEqual(lines[1].tokens, [50, 43, 51, 4]);
});

test('g2p TEXT prints a readable result; - reads stdin', () => {
  const a = cli(['新聞']);
  assert.equal(a.code, 0, a.err);
  assert.match(a.out, /phonemes: ɕimbɯɴ/);
  assert.match(a.out, /kana: +シンブン/);
  const b = cli(['-'], '天気\n');
  assert.equal(b.code, 0, b.err);
  assert.match(b.out, /phonemes: teŋkʲi/);
});

test('--dict FILE applies a user dictionary', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'yomiage-g2p-'));
  const file = path.join(dir, 'dict.json');
  fs.writeFileSync(file, JSON.stringify({ 鍵: 'キー', Yomiage: 'よみあげ' }));
  const r = cli(['--jsonl', '--dict', file], '鍵とYomiage\n');
  assert.equal(r.code, 0, r.err);
  const line = JSON.parse(r.out);
  assert.equal(line.phonemes, 'kʲiː to jomʲiaɡe');
  fs.rmSync(dir, { recursive: true });
});

test('bad input: missing or malformed dictionary → exit 1 with one line; unknown option → exit 2 with usage', () => {
  const missing = cli(['東京', '--dict', '/nonexistent/dict.json']);
  assert.equal(missing.code, 1);
  assert.match(missing.err, /cannot read dictionary \/nonexistent\/dict\.json/);
  assert.equal(missing.err.trim().split('\n').length, 1);

  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'yomiage-g2p-'));
  const bad = path.join(dir, 'bad.json');
  fs.writeFileSync(bad, '{"鍵": ');
  const malformed = cli(['東京', '--dict', bad]);
  assert.equal(malformed.code, 1);
  assert.match(malformed.err, /not valid JSON/);
  fs.writeFileSync(bad, '{"鍵": "kii"}');
  const notKana = cli(['東京', '--dict', bad]);
  assert.equal(notKana.code, 1);
  assert.match(notKana.err, /must be kana/);
  fs.rmSync(dir, { recursive: true });

  const usage = cli(['東京', '--bogus']);
  assert.equal(usage.code, 2);
  assert.match(usage.err, /unknown option --bogus/);
  assert.match(usage.err, /usage:/);

  const nothing = cli(['😀']);
  assert.equal(nothing.code, 1);
  assert.match(nothing.err, /nothing speakable/);
});
