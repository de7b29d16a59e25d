/**
 * The model manifest (`models/manifest.json`), Yomiage's one catalog of models and voices: which files exist, where
 * they come from, how big they are and how to check them, and what the user sees of them (labels and descriptions in
 * English and Japanese, genders, the default voice and model, each voice's licence and credit).
 * Validation gives one clear message naming the entry and field at fault.
 */
import * as fs from 'fs';

/** One downloadable file. `sha256: null` means no hash is published: the first verified download's hash is recorded. */
export interface AssetSpec {
  file: string;
  url: string;
  /** Bytes. Exact unless `sizeExact === false`, in which case the server's Content-Length decides (within 10 %). */
  size: number;
  sizeExact: boolean;
  sha256: string | null;
}

/** A text shown to the user, in the two languages Yomiage speaks. */
export interface CatalogText {
  en: string;
  ja: string;
}

export interface ModelSpec extends AssetSpec {
  id: string;
  label: CatalogText;
  dtype?: string;
  description?: CatalogText;
}

/** Where a voice's training audio came from, when its licence asks for attribution. */
export interface VoiceCredit extends CatalogText {
  url: string;
  license: string;
  licenseUrl: string;
}

export interface VoiceSpec extends AssetSpec {
  id: string;
  /** Defaults to the id (small test manifests). */
  label: CatalogText;
  gender?: 'female' | 'male';
  grade?: string;
  description?: CatalogText;
  /** The voice pack's own licence (SPDX id). */
  license?: string;
  /** null: nothing to credit. */
  credit: VoiceCredit | null;
}

export interface Manifest {
  version: number;
  defaultModel: string;
  /** The voice used when none is chosen; defaults to the first voice. */
  defaultVoice: string;
  models: Record<string, ModelSpec>;
  voices: Record<string, VoiceSpec>;
}

export class ManifestError extends Error {
  override name = 'ManifestError';
}

const HEX64 = /^[0-9a-f]{64}$/;
/** A bare file name: no directory parts, nothing hidden, no sidecar suffixes we use ourselves. */
const SAFE_FILE = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;
const RESERVED_SUFFIXES = ['.part', '.lock', '.verified.json', '.tmp'];

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** A user-visible text: `{ "en": …, "ja": … }`, or one string used for both (test manifests). */
function checkText(where: string, raw: unknown, required: true): CatalogText;
function checkText(where: string, raw: unknown, required: false): CatalogText | undefined;
function checkText(where: string, raw: unknown, required: boolean): CatalogText | undefined {
  if (raw === undefined && !required) return undefined;
  if (typeof raw === 'string' && raw) return { en: raw, ja: raw };
  if (isObject(raw) && typeof raw.en === 'string' && raw.en && typeof raw.ja === 'string' && raw.ja) return { en: raw.en, ja: raw.ja };
  throw new ManifestError(`${where}: ${raw === undefined ? 'missing' : 'must be a string or { "en": string, "ja": string }'}`);
}

function checkCredit(where: string, raw: unknown): VoiceCredit | null {
  if (raw === undefined || raw === null) return null;
  const text = checkText(where, raw, true);
  const r = raw as Record<string, unknown>;
  for (const k of ['url', 'license', 'licenseUrl']) {
    if (typeof r[k] !== 'string' || !r[k]) throw new ManifestError(`${where}.${k}: must be a non-empty string`);
  }
  return { ...text, url: r.url as string, license: r.license as string, licenseUrl: r.licenseUrl as string };
}

function checkAsset(where: string, raw: unknown): AssetSpec {
  if (!isObject(raw)) throw new ManifestError(`${where}: must be an object`);
  const { file, url, size, sha256, sizeExact } = raw;
  if (typeof file !== 'string' || !SAFE_FILE.test(file) || RESERVED_SUFFIXES.some((s) => file.endsWith(s))) {
    throw new ManifestError(`${where}.file: must be a plain file name (letters, digits, '.', '_', '-'), got ${JSON.stringify(file)}`);
  }
  if (typeof url !== 'string') throw new ManifestError(`${where}.url: must be a string`);
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new ManifestError(`${where}.url: not a valid URL: ${JSON.stringify(url)}`);
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') {
    throw new ManifestError(`${where}.url: only http and https are supported, got ${parsed.protocol}`);
  }
  if (typeof size !== 'number' || !Number.isSafeInteger(size) || size <= 0) {
    throw new ManifestError(`${where}.size: must be a positive whole number of bytes, got ${JSON.stringify(size)}`);
  }
  if (sizeExact !== undefined && typeof sizeExact !== 'boolean') {
    throw new ManifestError(`${where}.sizeExact: must be true or false`);
  }
  if (sha256 !== null && (typeof sha256 !== 'string' || !HEX64.test(sha256))) {
    throw new ManifestError(`${where}.sha256: must be 64 lower-case hex digits or null (unpublished), got ${JSON.stringify(sha256)}`);
  }
  if (sha256 === null && !(typeof raw.sha256Status === 'string' && raw.sha256Status.length > 0)) {
    throw new ManifestError(`${where}: sha256 is null, so sha256Status must say why and how the file is checked instead`);
  }
  return { file, url, size, sizeExact: sizeExact !== false, sha256: sha256 as string | null };
}

/** Checks a parsed manifest and returns it typed. `source` names the file in messages. */
export function validateManifest(raw: unknown, source = 'manifest'): Manifest {
  if (!isObject(raw)) throw new ManifestError(`${source}: must be a JSON object`);
  if (raw.version !== 1) throw new ManifestError(`${source}: unsupported version ${JSON.stringify(raw.version)} (expected 1)`);
  if (!isObject(raw.models) || Object.keys(raw.models).length === 0) {
    throw new ManifestError(`${source}: "models" must be an object with at least one model`);
  }
  if (!isObject(raw.voices)) throw new ManifestError(`${source}: "voices" must be an object`);
  const models: Record<string, ModelSpec> = {};
  const voices: Record<string, VoiceSpec> = {};
  const files = new Map<string, string>();
  const claim = (file: string, who: string) => {
    const prev = files.get(file);
    if (prev) throw new ManifestError(`${source}: ${who} and ${prev} both use the file name ${file}`);
    files.set(file, who);
  };
  for (const [id, m] of Object.entries(raw.models)) {
    const where = `${source}: models.${id}`;
    const a = checkAsset(where, m);
    const extra = m as Record<string, unknown>;
    claim(a.file, `models.${id}`);
    models[id] = {
      ...a,
      id,
      label: checkText(`${where}.label`, extra.label, true),
      dtype: typeof extra.dtype === 'string' ? extra.dtype : undefined,
      description: checkText(`${where}.description`, extra.description, false),
    };
  }
  for (const [id, v] of Object.entries(raw.voices)) {
    const where = `${source}: voices.${id}`;
    const a = checkAsset(where, v);
    const extra = v as Record<string, unknown>;
    claim(a.file, `voices.${id}`);
    if (extra.gender !== undefined && extra.gender !== 'female' && extra.gender !== 'male') {
      throw new ManifestError(`${where}.gender: must be "female" or "male", got ${JSON.stringify(extra.gender)}`);
    }
    for (const k of ['grade', 'license']) {
      if (extra[k] !== undefined && typeof extra[k] !== 'string') throw new ManifestError(`${where}.${k}: must be a string`);
    }
    voices[id] = {
      ...a,
      id,
      label: checkText(`${where}.label`, extra.label ?? id, true),
      gender: extra.gender as VoiceSpec['gender'],
      grade: extra.grade as string | undefined,
      description: checkText(`${where}.description`, extra.description, false),
      license: extra.license as string | undefined,
      credit: checkCredit(`${where}.credit`, extra.credit),
    };
  }
  if (typeof raw.defaultModel !== 'string' || !(raw.defaultModel in models)) {
    throw new ManifestError(
      `${source}: defaultModel ${JSON.stringify(raw.defaultModel)} is not one of the models (${Object.keys(models).join(', ')})`,
    );
  }
  const voiceIds = Object.keys(voices);
  const defaultVoice = raw.defaultVoice ?? voiceIds[0];
  if (typeof defaultVoice !== 'string' || !(defaultVoice in voices)) {
    throw new ManifestError(`${source}: defaultVoice ${JSON.stringify(raw.defaultVoice)} is not one of the voices (${voiceIds.join(', ')})`);
  }
  return { version: 1, defaultModel: raw.defaultModel, defaultVoice, models, voices };
}

/** Reads and validates a manifest file. */
export function loadManifest(file: string): Manifest {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    throw new ManifestError(`cannot read manifest ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new ManifestError(`manifest ${file} is not valid JSON: ${(e as Error).message}`);
  }
  return validateManifest(raw, file);
}

/** The model variant `id` (or the manifest default when `id` is empty/undefined); unknown ids list the valid ones. */
export function resolveVariant(manifest: Manifest, id?: string | null): ModelSpec {
  const key = id === undefined || id === null || id === '' ? manifest.defaultModel : id;
  const m = Object.prototype.hasOwnProperty.call(manifest.models, key) ? manifest.models[key] : undefined;
  if (!m) {
    throw new ManifestError(`unknown model variant '${key}'; valid variants: ${Object.keys(manifest.models).join(', ')}`);
  }
  return m;
}

/** The voice `id`; unknown ids list the valid ones. */
export function resolveVoice(manifest: Manifest, id: string): VoiceSpec {
  const v = Object.prototype.hasOwnProperty.call(manifest.voices, id) ? manifest.voices[id] : undefined;
  if (!v) throw new ManifestError(`unknown voice '${id}'; valid voices: ${Object.keys(manifest.voices).join(', ')}`);
  return v;
}
