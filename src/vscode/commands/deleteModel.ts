import * as vscode from 'vscode';
import { deleteAssets } from '../../core/model';
import { autoAccept, manifest, mb, storageDir } from '../assets';

/** `yomiage.deleteModel`: frees the disk space after confirming; `beforeDelete` stops reading and unloads the model. */
export async function deleteModel(context: vscode.ExtensionContext, beforeDelete: () => Promise<void>): Promise<number> {
  const del = vscode.l10n.t('Delete');
  if (!autoAccept()) {
    const pick = await vscode.window.showWarningMessage(
      vscode.l10n.t('Delete the downloaded Yomiage voice model and voices? They are downloaded again when needed.'),
      { modal: true },
      del,
    );
    if (pick !== del) return 0;
  }
  await beforeDelete();
  try {
    const r = deleteAssets(storageDir(context), manifest());
    void vscode.window.showInformationMessage(vscode.l10n.t('Yomiage: deleted {0} files, {1} MB freed.', r.removed.length, mb(r.bytesFreed)));
    return r.bytesFreed;
  } catch (e) {
    void vscode.window.showErrorMessage(vscode.l10n.t('Yomiage: {0}', (e as Error).message));
    return 0;
  }
}
