import * as vscode from 'vscode';
import type { EventHub } from '../events';
import type { Reader } from '../reader';

/** The text to read: the selection, or the current line when nothing is selected. */
export function textToRead(editor: vscode.TextEditor): { text: string; range: vscode.Range } {
  const sel = editor.selection;
  const range = sel.isEmpty ? editor.document.lineAt(sel.active.line).range : new vscode.Range(sel.start, sel.end);
  return { text: editor.document.getText(range), range };
}

/**
 * The active editor and its text to read, or undefined after telling the user why there is none: `noEditor` when no
 * editor is open, or that the selection has nothing to read.
 */
export function editorTextOrExplain(noEditor: string): { editor: vscode.TextEditor; text: string } | undefined {
  const editor = vscode.window.activeTextEditor;
  if (!editor) {
    void vscode.window.showInformationMessage(noEditor);
    return undefined;
  }
  const { text } = textToRead(editor);
  if (text.trim() === '') {
    void vscode.window.showInformationMessage(vscode.l10n.t('The selection has nothing to read.'));
    return undefined;
  }
  return { editor, text };
}

export async function readAloud(reader: Reader, events: EventHub): Promise<void> {
  const editor = vscode.window.activeTextEditor;
  if (!editor) {
    void vscode.window.showInformationMessage(vscode.l10n.t('Open a file and select Japanese text to read aloud.'));
    return;
  }
  const { text, range } = textToRead(editor);
  if (text.trim() === '') {
    const message = editor.selection.isEmpty
      ? vscode.l10n.t('The current line is empty. Select Japanese text or move to a line to read it aloud.')
      : vscode.l10n.t('The selection has nothing to read.');
    events.fire({ type: 'notice', message });
    void vscode.window.showInformationMessage(message);
    return;
  }
  await reader.read(text, { doc: editor.document, base: editor.document.offsetAt(range.start) });
}
