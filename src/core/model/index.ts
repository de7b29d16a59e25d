/** Model manifest, download and cache: the API the CLI and the editor layer use. No `vscode` here. */
import bundledManifestJson from '../../../models/manifest.json';
import { Manifest, validateManifest } from './manifest';

export * from './manifest';
export * from './errors';
export { downloadAsset } from './download';
export type { DownloadOptions, DownloadProgress, DownloadEvent, DownloadResult } from './download';
export { ensureAssets, assetStatus, planAssets, deleteAssets, cacheDir } from './assets';
export type { AssetSelection, AssetState, EnsureOptions, EnsureProgress, EnsureResult, DeleteResult, PlannedAsset } from './assets';
export type { HttpOptions } from './http';
export { proxyFor } from './proxy';

/** The manifest shipped with the extension (`models/manifest.json`, bundled at build time). */
export function bundledManifest(): Manifest {
  return validateManifest(bundledManifestJson, 'models/manifest.json');
}
