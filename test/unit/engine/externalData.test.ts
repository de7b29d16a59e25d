/**
 * A model may name external data files; the loader refuses any that leaves the model's own folder, before
 * onnxruntime opens anything. Models are written with the project's ONNX writer; onnxruntime is the real one.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import * as ort from 'onnxruntime-node';
import { EngineError } from '../../../src/core/engine/errors';
import { escapingExternalData, externalDataLocations } from '../../../src/core/engine/externalData';
import { KokoroSession } from '../../../src/core/engine/session';
import { DataType, encodeModel, type TensorInit } from '../../support/onnxWriter';
import { buildTestModel } from '../../support/testModel';
import { tmpDir } from './helpers';

/** y = x + w, with w (4 floats) kept in the external file `location`; or, with `inAttribute`, w from a Constant node. */
function addModel(location: string, inAttribute = false): Buffer {
  const w: TensorInit = { name: 'w', type: DataType.FLOAT, dims: [4], values: [1, 2, 3, 4], external: { location, offset: '0', length: '16' } };
  return encodeModel({
    name: 'add',
    nodes: [...(inAttribute ? [{ op: 'Constant', inputs: [], outputs: ['w'], attrs: [{ name: 'value', tensor: w }] }] : []), { op: 'Add', inputs: ['x', 'w'], outputs: ['y'] }],
    initializers: inAttribute ? [] : [w],
    inputs: [{ name: 'x', type: DataType.FLOAT, shape: [4] }],
    outputs: [{ name: 'y', type: DataType.FLOAT, shape: [4] }],
  });
}

function folder(name: string): string {
  const d = path.join(tmpDir(), name);
  fs.mkdirSync(path.join(d, 'models'), { recursive: true });
  return path.join(d, 'models');
}

describe('ONNX external data', () => {
  test('a model whose external data is ../../etc/passwd is refused in one line, before onnxruntime reads it', async () => {
    const dir = folder('passwd');
    const file = path.join(dir, 'model.onnx');
    fs.writeFileSync(file, addModel('../../etc/passwd'));
    assert.deepEqual(externalDataLocations(file), ['../../etc/passwd']);
    await assert.rejects(KokoroSession.open(file), (e: unknown) => {
      assert.ok(e instanceof EngineError);
      assert.equal(e.code, 'model-invalid');
      assert.match(e.message, /refers to data outside its own folder \("\.\.\/\.\.\/etc\/passwd"\); Yomiage does not load it\./);
      assert.doesNotMatch(e.message, /\n/);
      return true;
    });
  });

  test('absolute paths, a tensor inside a node attribute, and a symbolic link leading out are refused too', () => {
    const dir = folder('others');
    const cases: Array<[string, Buffer, string]> = [
      ['absolute.onnx', addModel('/etc/passwd'), '/etc/passwd'],
      ['attribute.onnx', addModel('../secret.bin', true), '../secret.bin'],
      ['sneaky.onnx', addModel('sub/../../secret.bin'), 'sub/../../secret.bin'],
    ];
    for (const [name, bytes, loc] of cases) {
      fs.writeFileSync(path.join(dir, name), bytes);
      assert.equal(escapingExternalData(path.join(dir, name)), loc, name);
    }
    fs.symlinkSync('/etc/passwd', path.join(dir, 'link.bin'));
    fs.writeFileSync(path.join(dir, 'link.onnx'), addModel('link.bin'));
    assert.equal(escapingExternalData(path.join(dir, 'link.onnx')), 'link.bin');
  });

  test('external data inside the model folder is allowed, and onnxruntime then loads and runs it', async () => {
    const dir = folder('inside');
    const file = path.join(dir, 'model.onnx');
    fs.writeFileSync(file, addModel('weights/w.bin'));
    fs.mkdirSync(path.join(dir, 'weights'));
    fs.writeFileSync(path.join(dir, 'weights', 'w.bin'), Buffer.from(Float32Array.of(1, 2, 3, 4).buffer));
    assert.equal(escapingExternalData(file), undefined);
    const s = await ort.InferenceSession.create(file);
    const out = await s.run({ x: new ort.Tensor('float32', Float32Array.of(10, 20, 30, 40), [4]) });
    assert.deepEqual(Array.from(out.y.data as Float32Array), [11, 22, 33, 44]);
    await s.release();
  });

  test('an ordinary model has no external data; a file that is not protobuf is left to onnxruntime to report', () => {
    const dir = folder('plain');
    fs.writeFileSync(path.join(dir, 'test.onnx'), buildTestModel({ cost: 20 }));
    assert.deepEqual(externalDataLocations(path.join(dir, 'test.onnx')), []);
    fs.writeFileSync(path.join(dir, 'text.onnx'), 'this is not an ONNX model, just text that happens to end in .onnx\n');
    assert.equal(externalDataLocations(path.join(dir, 'text.onnx')), undefined);
    assert.equal(escapingExternalData(path.join(dir, 'text.onnx')), undefined);
  });
});
