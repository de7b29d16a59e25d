/** WAV files: 16-bit PCM mono (the most widely playable form), written atomically so no partial file is left. */
import * as fs from 'fs';
import * as path from 'path';
import { WaveFile } from 'wavefile';
import { floatToInt16 } from './pcm';

/** Float samples in [-1, 1] (clipped) → 16-bit PCM WAV bytes. */
export function encodeWav(samples: Float32Array, sampleRate: number): Uint8Array {
  const pcm = Int16Array.from(samples, floatToInt16);
  const wav = new WaveFile();
  wav.fromScratch(1, sampleRate, '16', pcm);
  return wav.toBuffer();
}

/**
 * Writes the WAV to a temporary file in the destination folder, then renames it into place: a failure at any
 * point leaves either the old file or nothing, never half a WAV.
 */
export function writeWavFile(file: string, samples: Float32Array, sampleRate: number): void {
  const bytes = encodeWav(samples, sampleRate);
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.${Date.now()}.tmp`);
  try {
    fs.writeFileSync(tmp, bytes);
    fs.renameSync(tmp, file);
  } catch (e) {
    fs.rmSync(tmp, { force: true });
    throw e;
  }
}

/** Joins chunks of audio into one buffer. */
export function concatSamples(parts: readonly Float32Array[]): Float32Array {
  const out = new Float32Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
