/**
 * Where the CLI finds its model and voice: explicit file, else environment, else the download cache
 * (`$YOMIAGE_HOME` or ~/.cache/yomiage, the folder `yomiage download` fills).
 */
import * as fs from 'fs';
import * as path from 'path';
import { cacheDir } from '../model/assets';

export const DEFAULT_MODEL_FILE = 'model_quantized.onnx';
export const JAPANESE_VOICES = ['jf_alpha', 'jf_gongitsune', 'jf_nezumi', 'jf_tebukuro', 'jm_kumo'] as const;
export const DEFAULT_VOICE = 'jf_alpha';

export class AssetNotFound extends Error {}

export function resolveModelPath(explicit: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  if (explicit) {
    const p = path.resolve(explicit);
    if (!fs.existsSync(p)) throw new AssetNotFound(`model file ${p} does not exist`);
    return p;
  }
  if (env.YOMIAGE_MODEL && env.YOMIAGE_MODEL.trim()) {
    const p = path.resolve(env.YOMIAGE_MODEL);
    if (!fs.existsSync(p)) throw new AssetNotFound(`model file ${p} (from YOMIAGE_MODEL) does not exist`);
    return p;
  }
  const p = path.join(cacheDir(env), DEFAULT_MODEL_FILE);
  if (!fs.existsSync(p)) {
    throw new AssetNotFound(`no model at ${p}: run 'yomiage download' to fetch it, or pass --model FILE.onnx (or set YOMIAGE_MODEL)`);
  }
  return p;
}

/** A voice is a file path (anything with a folder part or a .bin/.npy ending) or one of the Japanese voice ids. */
export function resolveVoicePath(voice: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  const v = voice ?? DEFAULT_VOICE;
  const looksLikeFile = /[\\/]/.test(v) || /\.(bin|npy)$/i.test(v);
  if (looksLikeFile) return path.resolve(v); // existence and format are checked by the engine (voice-invalid)
  if (!(JAPANESE_VOICES as readonly string[]).includes(v)) {
    throw new AssetNotFound(`unknown voice '${v}': use one of ${JAPANESE_VOICES.join(', ')} or a voice file (.bin/.npy)`);
  }
  const p = path.join(cacheDir(env), `${v}.bin`);
  if (!fs.existsSync(p)) throw new AssetNotFound(`voice ${v} is not downloaded (expected ${p}): run 'yomiage download --voice ${v}' or pass --voice FILE`);
  return p;
}
