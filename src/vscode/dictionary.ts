/**
 * The dictionary every reading uses in the editor (Read Aloud, Save as WAV, Show Reading, the hover, engines):
 * the entries of `yomiage.dictionary` that are fit to use, over the workspace dictionary file's (the settings win).
 * An entry that is not fit (not kana, empty) is left out and named once in a warning, as for the file, so one typo
 * does not stop every reading.
 */
import * as vscode from 'vscode';
import { describeProblems, mergeDictionaries } from '../core/g2p/dictionaryFile';
import { isPlainObject, sortUserDictionary, type UserDictionary } from '../core/g2p/userDictionary';
import { workspaceDictionaryEntries } from './dictionaryFile';

const reported = new Set<string>();

export function editorDictionary(settingsValue: unknown): UserDictionary {
  const { dictionary, problems } = sortUserDictionary(isPlainObject(settingsValue) ? settingsValue : {});
  const message = describeProblems('setting yomiage.dictionary', problems);
  if (message && !reported.has(message)) {
    reported.add(message);
    const open = vscode.l10n.t('Open Settings');
    void vscode.window.showWarningMessage(vscode.l10n.t('Yomiage: {0}', message), open).then((a) => {
      if (a === open) void vscode.commands.executeCommand('workbench.action.openSettings', 'yomiage.dictionary');
    });
  }
  return mergeDictionaries(workspaceDictionaryEntries(), dictionary);
}
