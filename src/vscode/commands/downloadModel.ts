import * as vscode from 'vscode';
import { forgetAsset, resolveVariant, type Manifest } from '../../core/model';
import { download, fail, manifest, mb, storageDir } from '../assets';
import { readSettings } from '../settings';

/** `yomiage.downloadModel`: fetches the configured model variant (and the current voice) now; `force` fetches it afresh. */
export async function downloadModel(context: vscode.ExtensionContext, force: boolean): Promise<boolean> {
  const settings = readSettings();
  let m: Manifest;
  try {
    m = manifest();
    const model = resolveVariant(m, settings.modelVariant);
    if (force) forgetAsset(storageDir(context), model);
  } catch (e) {
    await fail(vscode.l10n.t('Yomiage: {0}', (e as Error).message), 'modelVariant').catch(() => undefined);
    return false;
  }
  const got = await download(context, { manifest: m, variant: settings.modelVariant, voices: [settings.voice] });
  if (got) void vscode.window.showInformationMessage(vscode.l10n.t('Yomiage: the voice model is ready ({0} MB).', mb(got.bytes)));
  return !!got;
}
