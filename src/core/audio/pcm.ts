/** Float samples ↔ signed 16-bit PCM: the one conversion each way, used by the players and the WAV writer. */
import { resample } from './resample';

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

/** Signed 16-bit little-endian PCM bytes → float samples in [-1, 1). */
export function s16leToFloat(pcm: Buffer): Float32Array {
  const out = new Float32Array(pcm.length >> 1);
  for (let i = 0; i < out.length; i++) out[i] = pcm.readInt16LE(i * 2) / 32768;
  return out;
}

/** 16-bit PCM at `from` Hz → 16-bit PCM at `to` Hz (linear), for a chunk whose rate differs from the running stream. */
export function resampleS16le(pcm: Buffer, from: number, to: number): Buffer {
  return from === to ? pcm : floatToS16le(resample(s16leToFloat(pcm), from, to));
}
