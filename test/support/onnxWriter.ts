/**
 * A minimal ONNX protobuf writer: just the messages a small inference graph needs (ModelProto, GraphProto,
 * NodeProto, AttributeProto, TensorProto, ValueInfoProto). Field numbers follow onnx/onnx.proto3.
 * Protobuf wire types used: 0 = varint, 2 = length-delimited, 5 = 32-bit.
 */

export const DataType = { FLOAT: 1, INT32: 6, INT64: 7 } as const;
export type DataTypeId = (typeof DataType)[keyof typeof DataType];

type Bytes = Buffer;

function varint(value: number | bigint): Bytes {
  let v = BigInt.asUintN(64, BigInt(value)); // negative int64 → two's complement, as protobuf does
  const out: number[] = [];
  do {
    let byte = Number(v & 0x7fn);
    v >>= 7n;
    if (v !== 0n) byte |= 0x80;
    out.push(byte);
  } while (v !== 0n);
  return Buffer.from(out);
}

const key = (field: number, wire: number): Bytes => varint((field << 3) | wire);
const int = (field: number, v: number | bigint): Bytes => Buffer.concat([key(field, 0), varint(v)]);
const bytes = (field: number, b: Bytes): Bytes => Buffer.concat([key(field, 2), varint(b.length), b]);
const str = (field: number, s: string): Bytes => bytes(field, Buffer.from(s, 'utf8'));
function f32(field: number, v: number): Bytes {
  const b = Buffer.alloc(4);
  b.writeFloatLE(v);
  return Buffer.concat([key(field, 5), b]);
}
const packedInts = (field: number, vs: readonly (number | bigint)[]): Bytes => bytes(field, Buffer.concat(vs.map((v) => varint(v))));

/** A dimension is a fixed size or a symbolic name such as 'n'. */
export type Dim = number | string;

export interface TensorInit {
  name: string;
  type: DataTypeId;
  dims: number[];
  /** float32 values (FLOAT) or integers (INT32/INT64). */
  values: ArrayLike<number>;
  /**
   * Keep the values in another file instead: TensorProto.external_data entries (`location`, `offset`, `length`),
   * with data_location = EXTERNAL. The caller writes that file (the values above are then not stored in the model).
   */
  external?: Record<string, string>;
}

export function tensor(t: TensorInit): Bytes {
  let raw: Buffer;
  if (t.type === DataType.FLOAT) raw = Buffer.from(Float32Array.from(t.values).buffer);
  else if (t.type === DataType.INT32) raw = Buffer.from(Int32Array.from(t.values).buffer);
  else raw = Buffer.from(BigInt64Array.from(Array.from(t.values, (v) => BigInt(v))).buffer);
  // TensorProto: dims = 1, data_type = 2, name = 8, raw_data = 9 (little-endian, which Node's typed arrays are on x64/arm64)
  const head = [packedInts(1, t.dims), int(2, t.type), str(8, t.name)];
  if (!t.external) return Buffer.concat([...head, bytes(9, raw)]);
  // external_data = 13 (StringStringEntryProto: key = 1, value = 2), data_location = 14 (EXTERNAL = 1)
  const entries = Object.entries(t.external).map(([k, v]) => bytes(13, Buffer.concat([str(1, k), str(2, v)])));
  return Buffer.concat([...head, ...entries, int(14, 1)]);
}

export type Attr =
  | { name: string; int: number }
  | { name: string; float: number }
  | { name: string; ints: number[] }
  | { name: string; tensor: TensorInit };

function attribute(a: Attr): Bytes {
  // AttributeProto: name = 1, f = 2, i = 3, ints = 8, type = 20 (FLOAT 1, INT 2, INTS 7)
  if ('int' in a) return Buffer.concat([str(1, a.name), int(3, a.int), int(20, 2)]);
  if ('float' in a) return Buffer.concat([str(1, a.name), f32(2, a.float), int(20, 1)]);
  if ('tensor' in a) return Buffer.concat([str(1, a.name), bytes(5, tensor(a.tensor)), int(20, 4)]); // t = 5, TENSOR 4
  return Buffer.concat([str(1, a.name), ...a.ints.map((v) => int(8, v)), int(20, 7)]);
}

export interface NodeInit {
  op: string;
  inputs: string[];
  outputs: string[];
  attrs?: Attr[];
}

function node(n: NodeInit, index: number): Bytes {
  // NodeProto: input = 1, output = 2, name = 3, op_type = 4, attribute = 5
  return Buffer.concat([
    ...n.inputs.map((i) => str(1, i)),
    ...n.outputs.map((o) => str(2, o)),
    str(3, `${n.op}_${index}`),
    str(4, n.op),
    ...(n.attrs ?? []).map((a) => bytes(5, attribute(a))),
  ]);
}

export interface ValueInit {
  name: string;
  type: DataTypeId;
  shape: Dim[];
}

function valueInfo(v: ValueInit): Bytes {
  // TensorShapeProto.Dimension: dim_value = 1, dim_param = 2; TensorShapeProto: dim = 1
  const dims = v.shape.map((d) => bytes(1, typeof d === 'number' ? int(1, d) : str(2, d)));
  // TypeProto.Tensor: elem_type = 1, shape = 2; TypeProto: tensor_type = 1; ValueInfoProto: name = 1, type = 2
  const tensorType = Buffer.concat([int(1, v.type), bytes(2, Buffer.concat(dims))]);
  return Buffer.concat([str(1, v.name), bytes(2, bytes(1, tensorType))]);
}

export interface GraphInit {
  name: string;
  nodes: NodeInit[];
  initializers: TensorInit[];
  inputs: ValueInit[];
  outputs: ValueInit[];
}

/** Serialises a complete ModelProto (IR version 8, default-domain opset `opset`). */
export function encodeModel(g: GraphInit, opset = 13, producer = 'yomiage-test-model'): Buffer {
  // GraphProto: node = 1, name = 2, initializer = 5, input = 11, output = 12
  const graph = Buffer.concat([
    ...g.nodes.map((n, i) => bytes(1, node(n, i))),
    str(2, g.name),
    ...g.initializers.map((t) => bytes(5, tensor(t))),
    ...g.inputs.map((v) => bytes(11, valueInfo(v))),
    ...g.outputs.map((v) => bytes(12, valueInfo(v))),
  ]);
  // OperatorSetIdProto: domain = 1, version = 2
  const opsetId = Buffer.concat([str(1, ''), int(2, opset)]);
  // ModelProto: ir_version = 1, producer_name = 2, graph = 7, opset_import = 8
  return Buffer.concat([int(1, 8), str(2, producer), bytes(7, graph), bytes(8, opsetId)]);
}
