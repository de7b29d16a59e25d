/**
 * ONNX external data: a TensorProto may keep its bytes in another file, named by its `external_data` entry
 * `location` (relative to the model's folder). onnxruntime opens whatever that names, so a model from an untrusted
 * place could make it read any file the process can. Before a model is handed to onnxruntime, this reads just the
 * protobuf structure (tensor bytes are skipped, not read) and lists every external-data location, so that the loader
 * can refuse any that leaves the model's own folder.
 */
import * as fs from 'fs';
import * as path from 'path';

/** Message fields that hold (or lead to) tensors; field numbers from onnx/onnx.proto3. */
type Schema = { [field: number]: Schema | 'tensor' };
const TENSOR = 'tensor' as const;
const SPARSE: Schema = { 1: TENSOR, 2: TENSOR }; // SparseTensorProto: values, indices
const GRAPH: Schema = {};
const ATTRIBUTE: Schema = { 5: TENSOR, 6: GRAPH, 10: TENSOR, 11: GRAPH, 22: SPARSE, 23: SPARSE }; // t, g, tensors, graphs, sparse_tensor(s)
const NODE: Schema = { 5: ATTRIBUTE }; // NodeProto.attribute
Object.assign(GRAPH, { 1: NODE, 5: TENSOR, 15: SPARSE }); // GraphProto: node, initializer, sparse_initializer
const FUNCTION: Schema = { 7: NODE }; // FunctionProto.node
const TRAINING: Schema = { 1: GRAPH, 2: GRAPH }; // TrainingInfoProto: initialization, algorithm
const MODEL: Schema = { 7: GRAPH, 20: TRAINING, 25: FUNCTION }; // ModelProto: graph, training_info, functions

class Truncated extends Error {}

/** Reads a file at arbitrary offsets through one buffered window (the structure is small; tensor bytes are skipped). */
class Reader {
  private buf = Buffer.alloc(1 << 16);
  private start = 0;
  private end = 0;
  constructor(
    private readonly fd: number,
    readonly size: number,
  ) {}

  byte(pos: number): number {
    if (pos < this.start || pos >= this.end) {
      if (pos >= this.size) throw new Truncated();
      this.start = pos;
      this.end = pos + fs.readSync(this.fd, this.buf, 0, this.buf.length, pos);
    }
    return this.buf[pos - this.start];
  }

  bytes(pos: number, n: number): Buffer {
    if (pos + n > this.size) throw new Truncated();
    const out = Buffer.alloc(n);
    for (let i = 0; i < n; i++) out[i] = this.byte(pos + i);
    return out;
  }

  /** A varint at `pos`: [value, next position]. Values above 2^53 only occur in fields this reader skips. */
  varint(pos: number): [number, number] {
    let v = 0;
    let mul = 1;
    for (let i = 0; i < 10; i++) {
      const b = this.byte(pos++);
      v += (b & 0x7f) * mul;
      if (b < 0x80) return [v, pos];
      mul *= 128;
    }
    throw new Truncated();
  }
}

/** Calls `visit` for each field of the message in [start, end): field number, wire type, value start, value end. */
function fields(r: Reader, start: number, end: number, visit: (field: number, wire: number, from: number, to: number, value: number) => void): void {
  let pos = start;
  while (pos < end) {
    const [key, p] = r.varint(pos);
    const field = Math.floor(key / 8);
    const wire = key % 8;
    let from = p;
    let to: number;
    let value = 0;
    if (wire === 0) [value, to] = r.varint(p);
    else if (wire === 1) to = p + 8;
    else if (wire === 5) to = p + 4;
    else if (wire === 2) {
      const [len, q] = r.varint(p);
      from = q;
      to = q + len;
    } else throw new Truncated(); // groups (3, 4) are not used by ONNX
    if (to > end) throw new Truncated();
    visit(field, wire, from, to, value);
    pos = to;
  }
}

function walk(r: Reader, start: number, end: number, schema: Schema, found: string[], depth: number): void {
  if (depth > 64) throw new Truncated(); // nesting this deep is not a real model
  fields(r, start, end, (field, wire, from, to) => {
    const child = schema[field];
    if (!child || wire !== 2) return;
    if (child === TENSOR) tensorLocations(r, from, to, found);
    else walk(r, from, to, child, found, depth + 1);
  });
}

/** TensorProto.external_data (13) entries (StringStringEntryProto key = 1, value = 2) whose key is "location". */
function tensorLocations(r: Reader, start: number, end: number, found: string[]): void {
  fields(r, start, end, (field, wire, from, to) => {
    if (field !== 13 || wire !== 2) return;
    let key = '';
    let value = '';
    fields(r, from, to, (f, w, a, b) => {
      if (w !== 2) return;
      if (f === 1) key = r.bytes(a, b - a).toString('utf8');
      if (f === 2) value = r.bytes(a, b - a).toString('utf8');
    });
    if (key === 'location') found.push(value);
  });
}

/**
 * Every external-data location named in the ONNX model `file`, or undefined when the file is not a well-formed
 * protobuf (onnxruntime then reports it as corrupt).
 */
export function externalDataLocations(file: string): string[] | undefined {
  const fd = fs.openSync(file, 'r');
  try {
    const r = new Reader(fd, fs.fstatSync(fd).size);
    const found: string[] = [];
    walk(r, 0, r.size, MODEL, found, 0);
    return found;
  } catch (e) {
    if (e instanceof Truncated) return undefined;
    throw e;
  } finally {
    fs.closeSync(fd);
  }
}

/** Is `location` a file inside `dir` (following symbolic links that already exist)? */
function inside(dir: string, location: string): boolean {
  if (!location || path.isAbsolute(location) || /^[a-z]:|^[\\/]/i.test(location) || location.includes('\0')) return false;
  const real = (p: string) => {
    try {
      return fs.realpathSync(p);
    } catch {
      return path.resolve(p);
    }
  };
  const base = real(dir);
  const target = real(path.resolve(dir, location));
  return target.startsWith(base + path.sep);
}

/**
 * The first external-data location of `file` that points outside the model's own folder, or undefined when every
 * one stays inside it (or there are none).
 */
export function escapingExternalData(file: string): string | undefined {
  const dir = path.dirname(path.resolve(file));
  return externalDataLocations(file)?.find((loc) => !inside(dir, loc));
}
