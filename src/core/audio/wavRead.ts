/**
 * Reads a PCM WAV held in memory (what an HTTP engine answers) into mono float samples: 16-bit integer or 32-bit
 * float, any channel count (averaged to mono), any rate. Anything else is refused with the reason. No `vscode`.
 */

export class WavFormatError extends Error {
  override name = 'WavFormatError';
}

export interface DecodedWav {
  samples: Float32Array;
  sampleRate: number;
}

export function readWav(buf: Buffer): DecodedWav {
  if (buf.length < 12 || buf.toString('latin1', 0, 4) !== 'RIFF' || buf.toString('latin1', 8, 12) !== 'WAVE') {
    throw new WavFormatError('not a WAV file (no RIFF/WAVE header)');
  }
  let fmt: { format: number; channels: number; rate: number; bits: number } | undefined;
  let pos = 12;
  while (pos + 8 <= buf.length) {
    const id = buf.toString('latin1', pos, pos + 4);
    const size = buf.readUInt32LE(pos + 4);
    const body = pos + 8;
    if (id === 'fmt ') {
      if (size < 16 || body + 16 > buf.length) throw new WavFormatError('truncated fmt chunk');
      fmt = { format: buf.readUInt16LE(body), channels: buf.readUInt16LE(body + 2), rate: buf.readUInt32LE(body + 4), bits: buf.readUInt16LE(body + 14) };
      // WAVE_FORMAT_EXTENSIBLE: the real format is the first two bytes of the sub-format GUID
      if (fmt.format === 0xfffe && size >= 26 && body + 26 <= buf.length) fmt.format = buf.readUInt16LE(body + 24);
    } else if (id === 'data') {
      if (!fmt) throw new WavFormatError('data chunk before fmt chunk');
      // A streamed WAV may give 0 or 0xFFFFFFFF as its data size: take what is there.
      const end = size === 0 || size === 0xffffffff ? buf.length : Math.min(buf.length, body + size);
      return { samples: decode(buf.subarray(body, end), fmt), sampleRate: fmt.rate };
    }
    pos = body + size + (size & 1);
  }
  throw new WavFormatError(fmt ? 'no data chunk' : 'no fmt chunk');
}

function decode(data: Buffer, f: { format: number; channels: number; rate: number; bits: number }): Float32Array {
  if (f.channels < 1 || f.channels > 8) throw new WavFormatError(`unsupported channel count ${f.channels}`);
  if (f.rate < 8000 || f.rate > 192000) throw new WavFormatError(`unsupported sample rate ${f.rate}`);
  const pcm16 = f.format === 1 && f.bits === 16;
  const float32 = f.format === 3 && f.bits === 32;
  if (!pcm16 && !float32) throw new WavFormatError(`unsupported sample format (format ${f.format}, ${f.bits} bits)`);
  const bytes = f.bits / 8;
  const frames = Math.floor(data.length / (bytes * f.channels));
  const out = new Float32Array(frames);
  for (let i = 0; i < frames; i++) {
    let sum = 0;
    for (let c = 0; c < f.channels; c++) {
      const at = (i * f.channels + c) * bytes;
      sum += pcm16 ? data.readInt16LE(at) / 0x8000 : data.readFloatLE(at);
    }
    out[i] = sum / f.channels;
  }
  return out;
}
