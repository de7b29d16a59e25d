/** Model manifest, download and cache: the API the CLI and the editor layer use. No `vscode` here. */
import bundledManifestJson from '../../../models/manifest.json';
import { loadManifest, validateManifest, type CatalogText, type Manifest } from './manifest';

export * from './manifest';
export * from './errors';
export { downloadAsset } from './download';
export type { DownloadOptions, DownloadProgress, DownloadEvent, DownloadResult } from './download';
export { ensureAssets, assetStatus, planAssets, deleteAssets, forgetAsset, cacheDir, optimizedModelDir } from './assets';
export { findModel, installedModels, locateModel, locateVoice, locateVoices, AssetNotFound } from './locate';
export type { InstalledModel, LocateOptions, LocatedVoice } from './locate';
export type { AssetSelection, AssetState, EnsureOptions, EnsureProgress, EnsureResult, DeleteResult, PlannedAsset } from './assets';
export type { HttpOptions } from './http';
export { parseProxy, proxyFor } from './proxy';

/** The manifest shipped with the extension (`models/manifest.json`, bundled at build time). */
export function bundledManifest(): Manifest {
  return validateManifest(bundledManifestJson, 'models/manifest.json');
}

/** The catalog in use: `$YOMIAGE_MANIFEST` (tests and air-gapped mirrors) or the bundled one. */
export function activeManifest(env: NodeJS.ProcessEnv = process.env): Manifest {
  const alt = env.YOMIAGE_MANIFEST?.trim();
  return alt ? loadManifest(alt) : bundledManifest();
}

/** A catalog text in the user's language (`ja…` → Japanese, anything else → English). */
export function catalogText(t: CatalogText, language: string): string {
  return /^ja\b/i.test(language) ? t.ja : t.en;
}
