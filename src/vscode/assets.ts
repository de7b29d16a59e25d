import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import type { EngineAssets } from '../core/engine/protocol';
import {
  activeManifest,
  assetStatus,
  downloadAsset,
  DownloadError,
  ensureAssets,
  findModel,
  ManifestError,
  resolveVariant,
  resolveVoice,
  type EnsureProgress,
  type Manifest,
} from '../core/model';
import { openSetting, type Settings } from './settings';
import { isBlend, parseBlend, type BlendPart } from '../core/engine/voiceBlend';

/** Thrown after the user has already been shown what went wrong (a notification with an action). */
export class ReportedError extends Error {}

/** VS Code refuses modal dialogs while extension tests run; the tests accept through this switch instead. */
export const autoAccept = () => process.env.YOMIAGE_TEST_AUTOACCEPT === '1';

/** The catalog: the bundled one, or `YOMIAGE_MANIFEST` (tests and air-gapped mirrors); throws a ManifestError. */
export function manifest(): Manifest {
  return activeManifest();
}

export function storageDir(context: vscode.ExtensionContext): string {
  return path.join(context.globalStorageUri.fsPath, 'models');
}

export const mb = (bytes: number) => (bytes / 1e6).toFixed(bytes >= 10e6 ? 0 : 1);

/**
 * Proxy handling. Unless `http.proxySupport` is `off`, VS Code itself routes the extension host's http/https
 * requests through the user's proxy (and applies `http.proxyStrictSSL`), so the downloader must not tunnel on its
 * own: it gets no proxy and an empty environment. With `off`, the downloader uses VS Code's proxy settings itself.
 */
function proxyOptions(): { proxy?: string; strictSSL?: boolean; noProxy?: string[]; env?: NodeJS.ProcessEnv } {
  const http = vscode.workspace.getConfiguration('http');
  if (http.get<string>('proxySupport', 'override') !== 'off') return { env: {} };
  return {
    proxy: http.get<string>('proxy') || undefined,
    strictSSL: http.get<boolean>('proxyStrictSSL', true),
    noProxy: http.get<string[]>('noProxy', []),
  };
}

/** Shows `message` as an error (with "Open Settings" for `settingKey`) and throws ReportedError. */
export async function fail(message: string, settingKey?: string): Promise<never> {
  const open = vscode.l10n.t('Open Settings');
  void vscode.window.showErrorMessage(message, ...(settingKey ? [open] : [])).then((pick) => {
    if (pick === open && settingKey) void openSetting(settingKey);
  });
  throw new ReportedError(message);
}

/**
 * The model and voice files to speak with. Local paths from the settings win; otherwise the files come from the
 * extension's global storage: "the model" is the configured variant if it is there and verified, else any other
 * verified variant there (core/model findModel, the rule the CLI follows too), else it is downloaded after asking.
 * Returns undefined when the user declines or cancels; throws ReportedError after showing a problem.
 */
export async function resolveAssets(
  context: vscode.ExtensionContext,
  settings: Settings,
  voiceOverride?: string,
  onPrompt?: (message: string, answer: string | undefined) => void,
): Promise<EngineAssets | undefined> {
  const voice = voiceOverride ?? settings.voice;
  let m: Manifest;
  try {
    m = manifest();
    resolveVariant(m, settings.modelVariant);
  } catch (e) {
    return fail(vscode.l10n.t('Yomiage: {0}', (e as Error).message), e instanceof ManifestError ? 'modelVariant' : undefined);
  }
  // One voice, or the parts of a blend (alpha*0.6+nezumi*0.4); every part is a voice id of the catalog.
  let parts: BlendPart[];
  try {
    parts = isBlend(voice) ? parseBlend(voice) : [{ voice, weight: 1 }];
    for (const part of parts) resolveVoice(m, part.voice);
  } catch (e) {
    return fail(vscode.l10n.t('Yomiage: yomiage.voice: {0}', (e as Error).message), 'voice');
  }
  const ids = parts.map((part) => part.voice);

  let modelPath: string | undefined;
  if (settings.modelPath) {
    modelPath = settings.modelPath;
    if (!fs.existsSync(modelPath) || !fs.statSync(modelPath).isFile()) {
      return fail(vscode.l10n.t('The model file set in yomiage.modelPath does not exist: {0}', modelPath), 'modelPath');
    }
  }
  const voicePaths: Record<string, string> = {};
  if (settings.voiceDirectory) {
    for (const id of ids) {
      const found = ['.bin', '.npy'].map((ext) => path.join(settings.voiceDirectory, id + ext)).find((p) => fs.existsSync(p));
      if (!found) {
        return fail(vscode.l10n.t('No voice pack {0}.bin in the folder set in yomiage.voiceDirectory: {1}', id, settings.voiceDirectory), 'voiceDirectory');
      }
      voicePaths[id] = found;
    }
  }
  const assets = (model: string): EngineAssets => {
    const mix = parts.map((part) => ({ path: voicePaths[part.voice], weight: part.weight }));
    return parts.length > 1 ? { modelPath: model, voicePath: mix[0].path, voiceMix: mix } : { modelPath: model, voicePath: mix[0].path };
  };
  if (modelPath && settings.voiceDirectory) return assets(modelPath);

  const dest = storageDir(context);
  const installed = modelPath ? undefined : await findModel(m, dest, settings.modelVariant);
  modelPath ??= installed?.path;
  // deep: a file whose verification record no longer matches (e.g. touched) is re-hashed rather than re-offered
  const status = await assetStatus({ manifest: m, variant: settings.modelVariant, voices: ids, dest }, true);
  const model = status.find((s) => s.kind === 'model')!;
  const missing: string[] = [];
  for (const id of ids) {
    if (voicePaths[id]) continue;
    const file = status.find((s) => s.kind === 'voice' && s.id === id)!;
    voicePaths[id] = file.path;
    if (file.state !== 'ok') missing.push(id);
  }
  const needModel = !modelPath;
  if (!needModel && !missing.length) return assets(modelPath!);

  let variant = settings.modelVariant;
  if (needModel) {
    const choice = await askToDownload(m, variant, model.remainingBytes, model.state === 'partial', onPrompt);
    if (!choice) return undefined;
    if (choice === 'local') {
      await openSetting('modelPath');
      return undefined;
    }
    if (choice !== variant) {
      variant = choice;
      await vscode.workspace.getConfiguration('yomiage').update('modelVariant', variant, vscode.ConfigurationTarget.Global);
    }
  }
  const got = await download(context, { manifest: m, variant: needModel ? variant : null, voices: missing });
  if (!got) return undefined;
  for (const id of missing) voicePaths[id] = got.voicePaths[id] ?? voicePaths[id];
  return assets(modelPath ?? got.modelPath ?? model.path);
}

/** Asks once before fetching the large model; offers the small default and the higher-fidelity fp32. */
async function askToDownload(
  m: Manifest,
  variant: string,
  remaining: number,
  resuming: boolean,
  onPrompt?: (message: string, answer: string | undefined) => void,
): Promise<string | 'local' | undefined> {
  const spec = resolveVariant(m, variant);
  const fp32 = m.models.fp32 && variant !== 'fp32' ? resolveVariant(m, 'fp32') : undefined;
  const primary = resuming
    ? vscode.l10n.t('Resume ({0} MB left)', mb(remaining))
    : vscode.l10n.t('Download {0} ({1} MB)', variant, mb(spec.size));
  const hifi = fp32 ? vscode.l10n.t('Higher fidelity: fp32 ({0} MB)', mb(fp32.size)) : undefined;
  const local = vscode.l10n.t('Use a Local File…');
  const question = vscode.l10n.t('Yomiage needs the Kokoro voice model to read aloud. Download it now ({0} MB, once)?', mb(spec.size));
  const pick = autoAccept()
    ? primary
    : await vscode.window.showInformationMessage(
        question,
        { modal: true, detail: vscode.l10n.t('The model is kept in the extension storage and works offline afterwards. int8 quantisation is smaller; fp32 sounds best.') },
        primary,
        ...(hifi ? [hifi] : []),
        local,
      );
  onPrompt?.(question, pick);
  if (pick === primary) return variant;
  if (hifi && pick === hifi) return 'fp32';
  if (pick === local) return 'local';
  return undefined;
}

interface DownloadRequest {
  manifest: Manifest;
  /** The model variant to fetch, or null when only voices are needed (a local model is set). */
  variant: string | null;
  voices: string[];
}

interface Downloaded {
  modelPath?: string;
  voicePaths: Record<string, string>;
  bytes: number;
}

/** Fetches what `req` names under a cancellable progress notification (MB and percent). Undefined when cancelled/failed. */
export async function download(context: vscode.ExtensionContext, req: DownloadRequest): Promise<Downloaded | undefined> {
  const dest = storageDir(context);
  const title = req.variant === null ? vscode.l10n.t('Yomiage: downloading voice {0}', req.voices.join(', ')) : vscode.l10n.t('Yomiage: downloading the voice model');
  return vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: true }, async (progress, token) => {
    const ac = new AbortController();
    const sub = token.onCancellationRequested(() => ac.abort());
    let lastPct = 0;
    const report = (file: string, phase: EnsureProgress['phase'], received: number, total: number) => {
      const pct = total > 0 ? Math.min(100, (received / total) * 100) : 0;
      const message =
        phase === 'verifying'
          ? vscode.l10n.t('verifying {0}…', file)
          : phase === 'waiting'
            ? vscode.l10n.t('waiting for another window downloading {0}…', file)
            : vscode.l10n.t('{0}: {1} / {2} MB ({3}%)', file, mb(received), mb(total), pct.toFixed(0));
      progress.report({ message, increment: Math.max(0, pct - lastPct) });
      lastPct = Math.max(lastPct, pct);
    };
    try {
      fs.mkdirSync(dest, { recursive: true });
      const common = { signal: ac.signal, ...proxyOptions() };
      if (req.variant !== null) {
        const r = await ensureAssets({ manifest: req.manifest, variant: req.variant, voices: req.voices.length ? req.voices : undefined, dest, ...common,
          onProgress: (p) => report(p.file, p.phase, p.received, p.total) });
        return { modelPath: r.modelPath, voicePaths: r.voicePaths, bytes: r.files.reduce((n, f) => n + f.result.size, 0) };
      }
      const out: Downloaded = { voicePaths: {}, bytes: 0 };
      for (const v of req.voices) {
        const r = await downloadAsset(resolveVoice(req.manifest, v), dest, { ...common, onProgress: (p) => report(p.file, p.phase, p.received, p.total ?? 0) });
        out.voicePaths[v] = r.path;
        out.bytes += r.size;
      }
      return out;
    } catch (e) {
      if (e instanceof DownloadError && e.code === 'cancelled') {
        void vscode.window.showInformationMessage(vscode.l10n.t('Download cancelled. It resumes where it stopped next time.'));
        return undefined;
      }
      const retry = vscode.l10n.t('Retry');
      const pick = await vscode.window.showErrorMessage(vscode.l10n.t('Yomiage could not download the model: {0}', (e as Error).message), retry);
      return pick === retry ? download(context, req) : undefined;
    } finally {
      sub.dispose();
    }
  });
}
