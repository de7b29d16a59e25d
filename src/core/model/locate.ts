/**
 * Which model and voice files to speak with. One rule for the CLI (`say`) and the editor: the configured variant if
 * it is in the cache, complete and verified; else any other complete verified variant the cache holds; else nothing
 * (the caller offers the download). The cache knows what it holds through the verification records next to the
 * files (see verify.ts), so a cache filled by `yomiage download --variant fp32` is found without naming fp32 again.
 */
import * as fs from 'fs';
import * as path from 'path';
import { cacheDir } from './assets';
import { ManifestError, resolveVariant, resolveVoice, type Manifest, type ModelSpec } from './manifest';
import { checkInstalled } from './verify';
import { BlendError, isBlend, parseBlend } from '../engine/voiceBlend';

export interface InstalledModel {
  spec: ModelSpec;
  path: string;
}

/** The variants whose file in `dest` is complete and verified, by their records alone (no hashing), in manifest order. */
export async function installedModels(manifest: Manifest, dest: string): Promise<InstalledModel[]> {
  const out: InstalledModel[] = [];
  for (const spec of Object.values(manifest.models)) {
    const p = path.join(dest, spec.file);
    if ((await checkInstalled(spec, p, true)).state === 'ok') out.push({ spec, path: p });
  }
  return out;
}

/**
 * "The model" in `dest`: the `preferred` variant (default: the manifest's) when complete and verified (its file is
 * hashed again if it changed since its record was written), else the first other verified variant, else undefined.
 * An unknown `preferred` id throws a ManifestError listing the valid ones.
 */
export async function findModel(manifest: Manifest, dest: string, preferred?: string | null): Promise<InstalledModel | undefined> {
  const want = resolveVariant(manifest, preferred);
  const p = path.join(dest, want.file);
  if ((await checkInstalled(want, p, false)).state === 'ok') return { spec: want, path: p };
  return (await installedModels(manifest, dest)).find((m) => m.spec.id !== want.id);
}

/** A model or voice the CLI cannot find; the message says what to do. */
export class AssetNotFound extends Error {
  override name = 'AssetNotFound';
}

export interface LocateOptions {
  manifest: Manifest;
  env?: NodeJS.ProcessEnv;
  /** Default: the CLI cache (`$YOMIAGE_HOME` or ~/.cache/yomiage). */
  dest?: string;
}

/**
 * The CLI's model file: an explicit path (--model), else `$YOMIAGE_MODEL`, else "the model" of the cache
 * (`findModel` with `$YOMIAGE_VARIANT`, default the manifest's default variant).
 */
export async function locateModel(explicit: string | undefined, opts: LocateOptions): Promise<string> {
  const env = opts.env ?? process.env;
  const given = explicit || (env.YOMIAGE_MODEL?.trim() ? env.YOMIAGE_MODEL : undefined);
  if (given) {
    const p = path.resolve(given);
    if (!fs.existsSync(p)) throw new AssetNotFound(`model file ${p}${explicit ? '' : ' (from YOMIAGE_MODEL)'} does not exist`);
    return p;
  }
  const dest = opts.dest ?? cacheDir(env);
  const variant = env.YOMIAGE_VARIANT?.trim() || undefined;
  let found: InstalledModel | undefined;
  try {
    found = await findModel(opts.manifest, dest, variant);
  } catch (e) {
    if (e instanceof ManifestError) throw new AssetNotFound(`YOMIAGE_VARIANT: ${e.message}`);
    throw e;
  }
  if (found) return found.path;
  const want = resolveVariant(opts.manifest, variant);
  throw new AssetNotFound(
    `no model in ${dest} (no verified ${want.id} ${want.file}, nor any other variant): run 'yomiage download' to fetch it, ` +
      `or pass --model FILE.onnx (or set YOMIAGE_MODEL)`,
  );
}

/**
 * The CLI's voice file: a path (anything with a folder part or a .bin/.npy ending; its existence and format are
 * checked by the engine), else a voice id of the catalog (default: the catalog's default voice) in the cache.
 */
export function locateVoice(voice: string | undefined, opts: LocateOptions): string {
  const v = voice ?? opts.manifest.defaultVoice;
  if (/[\\/]/.test(v) || /\.(bin|npy)$/i.test(v)) return path.resolve(v);
  let file: string;
  try {
    file = resolveVoice(opts.manifest, v).file;
  } catch (e) {
    if (e instanceof ManifestError) throw new AssetNotFound(`${e.message}, or a voice file (.bin/.npy)`);
    throw e;
  }
  const p = path.join(opts.dest ?? cacheDir(opts.env ?? process.env), file);
  if (!fs.existsSync(p)) throw new AssetNotFound(`voice ${v} is not downloaded (expected ${p}): run 'yomiage download --voice ${v}' or pass --voice FILE`);
  return p;
}

/** The voice part of the engine's assets: one pack, or the packs of a blend with their weights. */
export interface LocatedVoice {
  voicePath: string;
  voiceMix?: { path: string; weight: number }[];
}

/**
 * `locateVoice` for a voice that may be a blend (`alpha*0.6+nezumi*0.4`, see core/engine/voiceBlend.ts): each
 * part is a voice id or a voice file, found as `locateVoice` finds it. A malformed blend throws AssetNotFound with a
 * one-line message. A path that exists is one voice even if its name has a `+`.
 */
export function locateVoices(voice: string | undefined, opts: LocateOptions): LocatedVoice {
  if (voice === undefined || !isBlend(voice) || fs.existsSync(path.resolve(voice))) return { voicePath: locateVoice(voice, opts) };
  let parts;
  try {
    parts = parseBlend(voice);
  } catch (e) {
    if (e instanceof BlendError) throw new AssetNotFound(e.message);
    throw e;
  }
  const voiceMix = parts.map((p) => ({ path: locateVoice(p.voice, opts), weight: p.weight }));
  return { voicePath: voiceMix[0].path, voiceMix };
}
