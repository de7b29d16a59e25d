/** Float samples → signed 16-bit PCM: the one conversion, used by the players and the WAV writer. */

/** One sample in [-1, 1] (clipped; NaN as 0) → a 16-bit integer: -1 → -32768, 1 → 32767, 0 → 0. */
export function floatToInt16(sample: number): number {
  const v = Math.max(-1, Math.min(1, sample || 0));
  return Math.round(v < 0 ? v * 0x8000 : v * 0x7fff);
}

/** Float32 [-1, 1] → signed 16-bit little-endian PCM bytes (clipped). */
export function floatToS16le(samples: Float32Array): Buffer {
  const out = Buffer.alloc(samples.length * 2);
  for (let i = 0; i < samples.length; i++) out.writeInt16LE(floatToInt16(samples[i]), i * 2);
  return out;
}
