import * as path from 'path';
import * as vscode from 'vscode';
import { minimumWavBytes, openCheckedWavOutput } from '../../core/audio/wavOutput';
import type { WavFileWriter } from '../../core/audio/wavWriter';
import { SAMPLE_RATE } from '../../core/engine/protocol';
import { SpeechSession } from '../../core/speech/session';
import type { EngineHost } from '../engineHost';
import type { Reader } from '../reader';
import { ReportedError, resolveAssets } from '../assets';
import { type EngineRegistry, voiceEngineFor } from '../engines';
import { readSettings } from '../settings';
import { reportEngineError } from '../errors';
import { editorTextOrExplain } from './readAloud';

/**
 * `yomiage.saveAsWav`: synthesises the selection (or the current line) into a 24 kHz mono WAV file the user picks,
 * with a cancellable progress notification. The audio streams to a temporary file beside the target (the one WAV
 * writer) and is renamed into place only when everything was synthesised, so a cancel or a failure never leaves a
 * partial WAV. Resolves with the file path.
 */
export async function saveAsWav(context: vscode.ExtensionContext, engine: EngineHost, reader: Reader, target?: vscode.Uri, engines?: EngineRegistry): Promise<string | undefined> {
  const source = editorTextOrExplain(vscode.l10n.t('Open a file and select Japanese text to save as speech.'));
  if (!source) return undefined;
  const { editor, text } = source;
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
  let http;
  try {
    http = engines ? voiceEngineFor(settings.voice, engines) : undefined;
    assets = http ? true : await resolveAssets(context, settings);
  } catch (e) {
    if (!(e instanceof ReportedError)) void vscode.window.showErrorMessage(vscode.l10n.t('Yomiage: {0}', (e as Error).message));
    return undefined;
  }
  if (!assets) return undefined;
  const ready = assets;
  // Before any synthesis: not over the model, voice or document, fits in a WAV, room on disk, folder writable.
  let writer: WavFileWriter;
  try {
    writer = await openCheckedWavOutput(uri.fsPath, {
      inputs: [
        ...(ready === true ? [] : [{ file: ready.modelPath, what: 'the voice model' }, { file: ready.voicePath, what: 'the voice pack' }]),
        ...(docPath ? [{ file: docPath, what: 'the document being read' }] : []),
      ],
      minimumBytes: minimumWavBytes(text, settings.speed, SAMPLE_RATE),
      sampleRate: SAMPLE_RATE,
    });
  } catch (e) {
    void vscode.window.showErrorMessage(vscode.l10n.t('Yomiage: {0}', (e as Error).message));
    return undefined;
  }
  reader.stop(); // one engine: the export replaces any reading in progress

  return vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Yomiage: saving speech to {0}', path.basename(uri.fsPath)), cancellable: true },
    async (progress, token) => {
      let total = 0;
      // Each chunk goes to disk as it comes and is acknowledged once written: memory stays flat whatever the length.
      const request = { text, assets: ready === true ? undefined : ready, voice: http?.styleId, speed: settings.speed, userDictionary: settings.dictionary, languageId: editor.document.languageId };
      const session = new SpeechSession(http?.engine ?? engine, request, { sink: writer }, {
        onPlan: (chunks) => (total = chunks.length),
        onStarted: (index) => progress.report({ message: `${index + 1}/${total}`, increment: total ? 100 / total : 0 }),
      });
      const sub = token.onCancellationRequested(() => session.cancel());
      const outcome = await session.ended;
      sub.dispose();
      if (outcome.status === 'error') {
        if (outcome.source === 'engine') void reportEngineError(outcome.code, outcome.message, settings);
        else void vscode.window.showErrorMessage(vscode.l10n.t('Yomiage: {0}', outcome.message));
      }
      if (outcome.status !== 'done') return undefined;
      const open = vscode.l10n.t('Reveal File');
      void vscode.window.showInformationMessage(vscode.l10n.t('Saved the speech to {0}.', path.basename(uri.fsPath)), open).then((pick) => {
        if (pick === open) void vscode.commands.executeCommand('revealFileInOS', uri);
      });
      return uri.fsPath;
    },
  );
}
