import * as path from 'path';
import * as vscode from 'vscode';
import { concatSamples, writeWavFile } from '../../core/audio/wav';
import type { EngineHost } from '../engineHost';
import type { Reader } from '../reader';
import { ReportedError, resolveAssets } from '../assets';
import { readSettings } from '../settings';
import { reportEngineError } from '../errors';
import { textToRead } from './readAloud';

/**
 * `yomiage.saveAsWav`: synthesises the selection (or the current line) into a 24 kHz mono WAV file the user picks,
 * with a cancellable progress notification. The file is written only when everything was synthesised, through a
 * temporary file and a rename, so a cancel or a failure never leaves a partial WAV. Resolves with the file path.
 */
export async function saveAsWav(context: vscode.ExtensionContext, engine: EngineHost, reader: Reader, target?: vscode.Uri): Promise<string | undefined> {
  const editor = vscode.window.activeTextEditor;
  if (!editor) {
    void vscode.window.showInformationMessage(vscode.l10n.t('Open a file and select Japanese text to save as speech.'));
    return undefined;
  }
  const { text } = textToRead(editor);
  if (text.trim() === '') {
    void vscode.window.showInformationMessage(vscode.l10n.t('The selection has nothing to read.'));
    return undefined;
  }
  const settings = readSettings();
  const docPath = editor.document.uri.scheme === 'file' ? editor.document.uri.fsPath : undefined;
  const suggested = docPath ? path.join(path.dirname(docPath), `${path.parse(docPath).name}.wav`) : 'yomiage.wav';
  const uri =
    target ??
    (await vscode.window.showSaveDialog({
      defaultUri: vscode.Uri.file(suggested),
      filters: { [vscode.l10n.t('WAV audio')]: ['wav'] },
      title: vscode.l10n.t('Save Speech as WAV'),
    }));
  if (!uri) return undefined;

  let assets;
  try {
    assets = await resolveAssets(context, settings);
  } catch (e) {
    if (!(e instanceof ReportedError)) void vscode.window.showErrorMessage(vscode.l10n.t('Yomiage: {0}', (e as Error).message));
    return undefined;
  }
  if (!assets) return undefined;
  const ready = assets;
  reader.stop(); // one engine: the export replaces any reading in progress

  return vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Yomiage: saving speech to {0}', path.basename(uri.fsPath)), cancellable: true },
    async (progress, token) => {
      const parts: Float32Array[] = [];
      let sampleRate = 24000;
      let total = 0;
      const handle = engine.speak(
        { text, assets: ready, speed: settings.speed, userDictionary: settings.dictionary, languageId: editor.document.languageId, autoAck: true },
        {
          onPlan: (chunks) => (total = chunks.length),
          onAudio: (m) => {
            parts[m.chunk.index] = m.samples;
            sampleRate = m.sampleRate;
            progress.report({ message: `${m.chunk.index + 1}/${total}`, increment: total ? 100 / total : 0 });
          },
        },
      );
      const sub = token.onCancellationRequested(() => handle.cancel());
      const outcome = await handle.finished;
      sub.dispose();
      if (outcome.status === 'cancelled') return undefined;
      if (outcome.status === 'error') {
        void reportEngineError(outcome.code, outcome.message, settings);
        return undefined;
      }
      try {
        writeWavFile(uri.fsPath, concatSamples(parts.filter(Boolean)), sampleRate);
      } catch (e) {
        void vscode.window.showErrorMessage(vscode.l10n.t('Yomiage could not write {0}: {1}', uri.fsPath, (e as Error).message));
        return undefined;
      }
      const open = vscode.l10n.t('Reveal File');
      void vscode.window.showInformationMessage(vscode.l10n.t('Saved the speech to {0}.', path.basename(uri.fsPath)), open).then((pick) => {
        if (pick === open) void vscode.commands.executeCommand('revealFileInOS', uri);
      });
      return uri.fsPath;
    },
  );
}
