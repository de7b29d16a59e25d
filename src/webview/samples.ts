/**
 * The samples of a chunk message as a Float32Array. VS Code versions deliver the extension's Float32Array as a
 * Float32Array, an ArrayBuffer, another typed-array view, a plain array or an index-keyed object; all are accepted.
 * Returns null for anything else. A trailing partial float (byte length not a multiple of 4) is dropped.
 */
export function toFloat32(x: unknown): Float32Array<ArrayBuffer> | null {
  if (x instanceof Float32Array && x.buffer instanceof ArrayBuffer) return x as Float32Array<ArrayBuffer>;
  if (x instanceof ArrayBuffer) return new Float32Array(x.slice(0, x.byteLength - (x.byteLength % 4)));
  if (ArrayBuffer.isView(x)) {
    // A copy of the view's own bytes (also when the view sits in a larger or shared buffer).
    return new Float32Array(new Uint8Array(x.buffer, x.byteOffset, x.byteLength - (x.byteLength % 4)).slice().buffer);
  }
  if (Array.isArray(x)) return Float32Array.from(x, Number);
  if (x && typeof x === 'object') {
    const o = x as Record<string, unknown>;
    const keys = Object.keys(o).filter((k) => /^\d+$/.test(k));
    const out = new Float32Array(keys.length);
    for (const k of keys) out[Number(k)] = Number(o[k]);
    return out;
  }
  return null;
}
