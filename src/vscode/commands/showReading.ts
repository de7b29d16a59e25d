import * as vscode from 'vscode';
import type { EngineHost } from '../engineHost';
import { readSettings } from '../settings';
import { editorTextOrExplain } from './readAloud';

/** Read-only documents of the `yomiage-reading:` scheme: the word-by-word reading shown by `yomiage.showReading`. */
export const READING_SCHEME = 'yomiage-reading';

export class ReadingDocuments implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly contents = new Map<string, string>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;
  private count = 0;

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.contents.get(uri.toString()) ?? '';
  }

  /** A new document holding `content`. */
  add(content: string): vscode.Uri {
    const uri = vscode.Uri.from({ scheme: READING_SCHEME, path: `/${vscode.l10n.t('Words and readings')} ${++this.count}.md` });
    if (this.contents.size > 20) this.contents.clear();
    this.contents.set(uri.toString(), content);
    return uri;
  }

  dispose(): void {
    this.changed.dispose();
  }
}

/** Table cells: a pipe or line break would end the cell. */
const cell = (s: string) => s.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');

/**
 * `yomiage.showReading`: the reading of the selection (or the current line) word by word, the words as written
 * beside their kana, in a read-only Markdown document beside the editor. Uses the G2P only (the model is not loaded).
 */
export async function showReading(engine: EngineHost, docs: ReadingDocuments): Promise<vscode.TextDocument | undefined> {
  const source = editorTextOrExplain(vscode.l10n.t('Open a file and select Japanese text to see its reading.'));
  if (!source) return undefined;
  const { text } = source;
  let result;
  try {
    result = await engine.g2p(text, readSettings().dictionary);
  } catch (e) {
    void vscode.window.showErrorMessage(vscode.l10n.t('Yomiage: {0}', (e as Error).message));
    return undefined;
  }
  const words = result.words ?? [];
  const lines = [
    `# ${vscode.l10n.t('Words and readings')}`,
    '',
    result.kana,
    '',
    `| ${vscode.l10n.t('Word')} | ${vscode.l10n.t('Kana')} |`,
    '|---|---|',
    ...words.map((w) => `| ${cell(w.surface)} | ${cell(w.reading)} |`),
    '',
  ];
  if (result.unknown.length) lines.push(vscode.l10n.t('Skipped characters that cannot be read: {0}', [...new Set(result.unknown)].join(' ')), '');
  const doc = await vscode.workspace.openTextDocument(docs.add(lines.join('\n')));
  await vscode.window.showTextDocument(doc, { viewColumn: vscode.ViewColumn.Beside, preview: true, preserveFocus: true });
  return doc;
}
