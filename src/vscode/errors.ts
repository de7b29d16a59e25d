import * as vscode from 'vscode';
import type { EngineErrorCode } from '../core/engine/protocol';
import type { Settings } from './settings';
import { openSetting } from './settings';

/**
 * Shows an engine failure as one notification with the action that helps: a missing or broken model offers
 * the download (or the setting that points at it), a bad voice offers the voice picker.
 */
export async function reportEngineError(code: EngineErrorCode, message: string, settings: Settings): Promise<void> {
  const usesLocalModel = settings.modelPath !== '';
  switch (code) {
    case 'empty-text':
      void vscode.window.showInformationMessage(vscode.l10n.t('Nothing to read: the text has no Japanese or other speakable words.'));
      return;
    case 'model-missing':
    case 'model-invalid': {
      const fix = usesLocalModel ? vscode.l10n.t('Open Settings') : vscode.l10n.t('Download Again');
      const pick = await vscode.window.showErrorMessage(vscode.l10n.t('Yomiage could not use the voice model: {0}', message), fix);
      if (pick === fix) {
        if (usesLocalModel) await openSetting('modelPath');
        else await vscode.commands.executeCommand('yomiage.downloadModel', { force: true });
      }
      return;
    }
    case 'voice-invalid': {
      const fix = vscode.l10n.t('Select Voice');
      const pick = await vscode.window.showErrorMessage(vscode.l10n.t('Yomiage could not use the voice: {0}', message), fix);
      if (pick === fix) await vscode.commands.executeCommand('yomiage.selectVoice');
      return;
    }
    case 'engine-down':
    case 'engine-failed': {
      const fix = vscode.l10n.t('Select Voice');
      const pick = await vscode.window.showErrorMessage(vscode.l10n.t('Yomiage: {0}', message), fix);
      if (pick === fix) await vscode.commands.executeCommand('yomiage.selectVoice');
      return;
    }
    default:
      void vscode.window.showErrorMessage(vscode.l10n.t('Yomiage: {0}', message));
  }
}
