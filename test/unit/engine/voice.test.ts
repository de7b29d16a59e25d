import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { loadVoicePack, voiceFrameFor } from '../../../src/core/engine/voice';
import { EngineError } from '../../../src/core/engine/errors';
import { NEZUMI_BIN, NEZUMI_NPY, VOICES, tmpDir, voiceRow } from './helpers';

function npy(header: string, data: Buffer): Buffer {
  let h = `{${header}}`;
  while ((10 + h.length + 1) % 64 !== 0) h += ' ';
  h += '\n';
  const pre = Buffer.alloc(10);
  pre.write('\x93NUMPY', 0, 'latin1');
  pre[6] = 1;
  pre[7] = 0;
  pre.writeUInt16LE(h.length, 8);
  return Buffer.concat([pre, Buffer.from(h, 'latin1'), data]);
}

function rejects(file: string, re: RegExp) {
  assert.throws(
    () => loadVoicePack(file),
    (e: unknown) => e instanceof EngineError && e.code === 'voice-invalid' && re.test(e.message),
  );
}

test('.bin and .npy of jf_nezumi load to the same 510×256 floats', () => {
  const bin = loadVoicePack(NEZUMI_BIN);
  const npyPack = loadVoicePack(NEZUMI_NPY);
  assert.equal(bin.data.length, 510 * 256);
  assert.deepEqual(npyPack.data, bin.data);
  assert.deepEqual(bin.row(0), voiceRow(NEZUMI_BIN, 0));
  assert.deepEqual(bin.row(509), voiceRow(NEZUMI_BIN, 509));
  assert.notDeepEqual(bin.row(0), bin.row(1));
});

test('all five Japanese voices load', () => {
  for (const v of ['jf_alpha', 'jf_gongitsune', 'jf_nezumi', 'jf_tebukuro', 'jm_kumo']) {
    assert.equal(loadVoicePack(path.join(VOICES, `${v}.bin`)).data.length, 510 * 256);
  }
});

test('a (510, 256) .npy is accepted too', () => {
  const data = fs.readFileSync(NEZUMI_BIN);
  const f = path.join(tmpDir(), 'flat.npy');
  fs.writeFileSync(f, npy("'descr': '<f4', 'fortran_order': False, 'shape': (510, 256), ", data));
  assert.deepEqual(loadVoicePack(f).data, loadVoicePack(NEZUMI_BIN).data);
});

test('frame = clamp(n - 1, 0, 509)', () => {
  assert.equal(voiceFrameFor(0), 0);
  assert.equal(voiceFrameFor(1), 0);
  assert.equal(voiceFrameFor(2), 1);
  assert.equal(voiceFrameFor(40), 39);
  assert.equal(voiceFrameFor(510), 509);
  assert.equal(voiceFrameFor(700), 509);
});

test('bad voice files give voice-invalid with a specific reason', () => {
  const d = tmpDir();
  const data = fs.readFileSync(NEZUMI_BIN);
  rejects(path.join(d, 'nope.bin'), /does not exist/);
  rejects(d, /is a folder/);
  const short = path.join(d, 'short.bin');
  fs.writeFileSync(short, data.subarray(0, 1000));
  rejects(short, /has 1000 bytes.*522240/);
  const f8 = path.join(d, 'f8.npy');
  fs.writeFileSync(f8, npy("'descr': '<f8', 'fortran_order': False, 'shape': (255, 256), ", data));
  rejects(f8, /<f8/);
  const shape = path.join(d, 'shape.npy');
  fs.writeFileSync(shape, npy("'descr': '<f4', 'fortran_order': False, 'shape': (255, 2, 256), ", data));
  rejects(shape, /\(255, 2, 256\)/);
  const trunc = path.join(d, 'trunc.npy');
  fs.writeFileSync(trunc, npy("'descr': '<f4', 'fortran_order': False, 'shape': (510, 1, 256), ", data.subarray(0, 4096)));
  rejects(trunc, /4096 data bytes/);
  const nothdr = path.join(d, 'plain.npy');
  fs.writeFileSync(nothdr, data);
  rejects(nothdr, /no NumPy header/);
  const nan = path.join(d, 'nan.bin');
  const bad = Buffer.from(data);
  bad.writeFloatLE(NaN, 400);
  fs.writeFileSync(nan, bad);
  rejects(nan, /not finite/);
});
