/**
 * The high-level API the CLI and the extension use: which files a variant + voices need, whether they are present
 * and verified, fetching what is missing with one combined progress, and deleting the cache.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { downloadAsset, DownloadEvent, DownloadOptions, DownloadResult } from './download';
import { DownloadError, fsError } from './errors';
import { isLocked } from './lock';
import { AssetSpec, Manifest, ModelSpec, resolveVariant, resolveVoice, VoiceSpec } from './manifest';
import { checkInstalled, recordPath } from './verify';

/** The CLI's cache folder: `$YOMIAGE_HOME`, else `~/.cache/yomiage`. (The extension uses its global storage.) */
export function cacheDir(env: NodeJS.ProcessEnv = process.env): string {
  return env.YOMIAGE_HOME && env.YOMIAGE_HOME.trim() ? path.resolve(env.YOMIAGE_HOME) : path.join(os.homedir(), '.cache', 'yomiage');
}

/** Where the engine keeps the optimised graphs of the models in `modelsDir` (core/engine/optimizedCache.ts). */
export function optimizedModelDir(modelsDir: string): string {
  return path.join(modelsDir, 'optimized');
}

export interface AssetSelection {
  manifest: Manifest;
  /** Model variant id; default: the manifest's defaultModel. */
  variant?: string;
  /** Voice ids; default: the manifest's defaultVoice. */
  voices?: string[];
  dest: string;
}

export interface PlannedAsset {
  kind: 'model' | 'voice';
  id: string;
  spec: AssetSpec;
  path: string;
}

/** The files a selection needs, in download order (model first). Unknown ids throw, listing the valid ones. */
export function planAssets(sel: AssetSelection): PlannedAsset[] {
  const model: ModelSpec = resolveVariant(sel.manifest, sel.variant);
  const voiceIds = [...new Set(sel.voices && sel.voices.length ? sel.voices : [sel.manifest.defaultVoice])];
  const voices: VoiceSpec[] = voiceIds.map((v) => resolveVoice(sel.manifest, v));
  return [
    { kind: 'model', id: model.id, spec: model, path: path.join(sel.dest, model.file) },
    ...voices.map((v) => ({ kind: 'voice' as const, id: v.id, spec: v as AssetSpec, path: path.join(sel.dest, v.file) })),
  ];
}

export interface AssetState extends PlannedAsset {
  /** 'ok' = present and verified; 'partial' = a resumable .part exists; 'missing'; 'invalid' = present but not verified. */
  state: 'ok' | 'partial' | 'missing' | 'invalid';
  /** Bytes still to fetch (approximate for files without an exact size). */
  remainingBytes: number;
}

/**
 * Cheap status check for deciding whether to prompt: no network, and no hashing unless `deep` (with `deep`, a file
 * whose record no longer matches is re-hashed; otherwise it counts as 'invalid').
 */
export async function assetStatus(sel: AssetSelection, deep = false): Promise<AssetState[]> {
  const out: AssetState[] = [];
  for (const a of planAssets(sel)) {
    const s = await checkInstalled(a.spec, a.path, !deep);
    let partSize = 0;
    try {
      partSize = fs.statSync(`${a.path}.part`).size;
    } catch {
      /* none */
    }
    const state: AssetState['state'] = s.state === 'ok' ? 'ok' : s.state === 'missing' ? (partSize > 0 ? 'partial' : 'missing') : 'invalid';
    out.push({ ...a, state, remainingBytes: state === 'ok' ? 0 : Math.max(0, a.spec.size - (state === 'partial' ? partSize : 0)) });
  }
  return out;
}

export interface EnsureProgress {
  /** The file being fetched now. */
  file: string;
  kind: 'model' | 'voice';
  id: string;
  /** 1-based position of this file among those that need fetching, and their count. */
  index: number;
  count: number;
  fileReceived: number;
  fileTotal: number | undefined;
  /** Over all files that need fetching (uses manifest sizes where the server's is not known yet). */
  received: number;
  total: number;
  bytesPerSecond: number;
  phase: 'connecting' | 'downloading' | 'verifying' | 'waiting' | 'done';
}

export interface EnsureOptions extends AssetSelection, Omit<DownloadOptions, 'onProgress' | 'onEvent'> {
  onProgress?: (p: EnsureProgress) => void;
  onEvent?: (e: DownloadEvent) => void;
}

export interface EnsureResult {
  modelPath: string;
  /** voice id → file path */
  voicePaths: Record<string, string>;
  files: Array<PlannedAsset & { result: DownloadResult }>;
}

/**
 * Makes sure the model variant and voices are in `dest`, verified; downloads what is missing (resuming .part files).
 * Files already present and verified are not fetched or re-hashed (their verification record is used).
 * Rejects with a DownloadError (see `code`) or a ManifestError; on any failure `dest` holds only complete verified
 * files and resumable `.part` files.
 */
export async function ensureAssets(opts: EnsureOptions): Promise<EnsureResult> {
  const plan = planAssets(opts);
  const status = await assetStatus(opts, false);
  const needed = status.filter((s) => s.state !== 'ok');
  const sizes = new Map(needed.map((s) => [s.path, s.spec.size]));
  const doneBytes = new Map<string, number>(needed.map((s) => [s.path, 0]));
  const files: EnsureResult['files'] = [];
  const { onProgress, onEvent, manifest: _m, variant: _v, voices: _vs, dest, ...dl } = opts;
  for (const a of plan) {
    const index = needed.findIndex((n) => n.path === a.path) + 1;
    const result = await downloadAsset(a.spec, dest, {
      ...dl,
      onEvent,
      onProgress: (p) => {
        if (index === 0) return;
        if (p.total !== undefined) sizes.set(a.path, p.total);
        doneBytes.set(a.path, p.received);
        let received = 0;
        let total = 0;
        for (const n of needed) {
          received += doneBytes.get(n.path) ?? 0;
          total += sizes.get(n.path) ?? 0;
        }
        onProgress?.({
          file: a.spec.file,
          kind: a.kind,
          id: a.id,
          index,
          count: needed.length,
          fileReceived: p.received,
          fileTotal: p.total,
          received,
          total,
          bytesPerSecond: p.bytesPerSecond,
          phase: p.phase,
        });
      },
    });
    files.push({ ...a, result });
  }
  const voicePaths: Record<string, string> = {};
  for (const f of files) if (f.kind === 'voice') voicePaths[f.id] = f.path;
  return { modelPath: files[0].path, voicePaths, files };
}

export interface DeleteResult {
  removed: string[];
  bytesFreed: number;
}

const OUR_SUFFIXES = ['', '.part', '.verified.json', '.lock'];

/**
 * Forgets one downloaded file of `spec` in `dest` (the file and its verification record), so that the next
 * `ensureAssets` fetches it afresh. A resumable `.part` stays. Refuses (code 'busy') while it is being downloaded.
 */
export function forgetAsset(dest: string, spec: AssetSpec): void {
  const base = path.join(dest, spec.file);
  if (isLocked(`${base}.lock`)) throw new DownloadError('busy', `${spec.file} is being downloaded right now; cancel that download first`);
  for (const p of [base, recordPath(base)]) {
    try {
      fs.rmSync(p, { force: true });
    } catch (e) {
      throw fsError(e, `delete ${p}`) ?? e;
    }
  }
}

/**
 * Removes the downloaded files of `manifest` (every model and voice, with their .part, lock and verification
 * records) and the engine's optimised copies of models from `dest`. Other files in the folder are left alone. Refuses (code 'busy') while a live process holds
 * a lock on one of them.
 */
export function deleteAssets(dest: string, manifest: Manifest): DeleteResult {
  const specs: AssetSpec[] = [...Object.values(manifest.models), ...Object.values(manifest.voices)];
  for (const s of specs) {
    const lock = path.join(dest, `${s.file}.lock`);
    if (isLocked(lock)) throw new DownloadError('busy', `${s.file} is being downloaded right now; cancel that download first`);
  }
  const removed: string[] = [];
  let bytesFreed = 0;
  for (const s of specs) {
    const base = path.join(dest, s.file);
    for (const suffix of OUR_SUFFIXES) {
      const p = suffix === '.verified.json' ? recordPath(base) : base + suffix;
      let st: fs.Stats;
      try {
        st = fs.lstatSync(p);
      } catch {
        continue;
      }
      try {
        fs.rmSync(p, { force: true });
      } catch (e) {
        throw fsError(e, `delete ${p}`) ?? e;
      }
      removed.push(p);
      bytesFreed += st.size;
    }
  }
  // The engine's optimised copies of the models (rebuilt from a model on its next load).
  const optimized = optimizedModelDir(dest);
  let names: string[] = [];
  try {
    names = fs.readdirSync(optimized);
  } catch {
    // none kept
  }
  for (const name of names) {
    const p = path.join(optimized, name);
    try {
      bytesFreed += fs.lstatSync(p).size;
      fs.rmSync(p, { force: true, recursive: true });
    } catch (e) {
      throw fsError(e, `delete ${p}`) ?? e;
    }
    removed.push(p);
  }
  return { removed, bytesFreed };
}
