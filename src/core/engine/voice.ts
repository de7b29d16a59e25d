/**
 * Kokoro voice packs: 510 style vectors of 256 float32, one per utterance length in phoneme tokens.
 * Accepted files: raw `.bin` (exactly 510×256 little-endian float32, no header, as published with the ONNX
 * exports) and NumPy `.npy` (<f4, C order, shape (510, 1, 256) or (510, 256)).
 */
import * as fs from 'fs';
import { EngineError } from './errors';

export const VOICE_FRAMES = 510;
export const STYLE_DIM = 256;
const RAW_BYTES = VOICE_FRAMES * STYLE_DIM * 4;

/** Frame for an utterance of `tokenCount` phoneme tokens (without the framing zeros), as Kokoro's Python pipeline picks it. */
export function voiceFrameFor(tokenCount: number): number {
  return Math.min(Math.max(tokenCount - 1, 0), VOICE_FRAMES - 1);
}

export class VoicePack {
  constructor(
    readonly file: string,
    /** VOICE_FRAMES × STYLE_DIM values, frame-major. */
    readonly data: Float32Array,
  ) {}

  /** The style row for `frame` as a fresh [256] array (safe to hand to a tensor). */
  row(frame: number): Float32Array {
    return this.data.slice(frame * STYLE_DIM, (frame + 1) * STYLE_DIM);
  }
}

function floats(bytes: Buffer, offset: number): Float32Array {
  const out = new Float32Array(VOICE_FRAMES * STYLE_DIM);
  for (let i = 0; i < out.length; i++) out[i] = bytes.readFloatLE(offset + i * 4);
  return out;
}

function parseNpy(file: string, bytes: Buffer): Float32Array {
  const bad = (why: string) => new EngineError('voice-invalid', `Voice file ${file} is not a usable .npy voice pack: ${why}.`);
  if (bytes.length < 12 || bytes.toString('latin1', 0, 6) !== '\x93NUMPY') throw bad('it has no NumPy header');
  const major = bytes[6];
  const headerLen = major === 1 ? bytes.readUInt16LE(8) : bytes.readUInt32LE(8);
  const start = major === 1 ? 10 : 12;
  if (start + headerLen > bytes.length) throw bad('the header is truncated');
  const header = bytes.toString('latin1', start, start + headerLen);
  const descr = /'descr'\s*:\s*'([^']*)'/.exec(header)?.[1];
  const fortran = /'fortran_order'\s*:\s*(True|False)/.exec(header)?.[1];
  const shapeText = /'shape'\s*:\s*\(([^)]*)\)/.exec(header)?.[1];
  if (descr !== '<f4') throw bad(`its data type is ${descr ?? 'unknown'}, expected little-endian float32 (<f4)`);
  if (fortran !== 'False') throw bad('it is stored in Fortran order');
  const shape = (shapeText ?? '').split(',').map((s) => s.trim()).filter(Boolean).map(Number);
  const ok = (shape.length === 3 && shape[0] === 510 && shape[1] === 1 && shape[2] === 256) || (shape.length === 2 && shape[0] === 510 && shape[1] === 256);
  if (!ok) throw bad(`its shape is (${shape.join(', ')}), expected (510, 1, 256) or (510, 256)`);
  const dataStart = start + headerLen;
  if (bytes.length - dataStart !== RAW_BYTES) throw bad(`it holds ${bytes.length - dataStart} data bytes, expected ${RAW_BYTES}`);
  return floats(bytes, dataStart);
}

export function loadVoicePack(file: string): VoicePack {
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'does not exist' : code === 'EISDIR' ? 'is a folder' : `cannot be read (${code ?? (e as Error).message})`;
    throw new EngineError('voice-invalid', `Voice file ${file} ${why}.`);
  }
  if (bytes.length >= 6 && bytes.toString('latin1', 0, 6) === '\x93NUMPY') return new VoicePack(file, parseNpy(file, bytes));
  if (file.toLowerCase().endsWith('.npy')) return new VoicePack(file, parseNpy(file, bytes));
  if (bytes.length !== RAW_BYTES) {
    throw new EngineError(
      'voice-invalid',
      `Voice file ${file} has ${bytes.length} bytes; a raw Kokoro voice pack has exactly ${RAW_BYTES} (510×256 float32). Use a .bin voice from the Kokoro ONNX release or a .npy of shape (510, 1, 256).`,
    );
  }
  const data = floats(bytes, 0);
  if (!data.every(Number.isFinite)) throw new EngineError('voice-invalid', `Voice file ${file} contains values that are not finite numbers; it is not a voice pack.`);
  return new VoicePack(file, data);
}
