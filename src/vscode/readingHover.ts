/**
 * The reading hover (`yomiage.readingHover`) and the "Fix reading…" code action. The hover shows the reading of the
 * sentence under the pointer in kana, the word under the pointer in bold, and a link to `yomiage.fixReading`.
 * It costs nothing until Yomiage was used in the session (it never starts the worker itself, and never loads the
 * model), and it never delays other hovers: a reading not ready within HOVER_WAIT_MS is left for the next hover.
 */
import * as vscode from 'vscode';
import type { EngineHost } from './engineHost';
import type { SentenceReadings } from './sentenceReadings';
import type { FixReadingArgs } from './commands/fixReading';
import { isJapaneseChar, previewParts } from '../core/g2p/readingPreview';

/** How long a hover waits for the G2P. */
export const HOVER_WAIT_MS = 300;

/** `auto`: in Markdown and plain text; `on`: in every file; `off`: never. Language-overridable. */
export type ReadingHoverSetting = 'auto' | 'on' | 'off';

const AUTO_LANGUAGES = new Set(['markdown', 'plaintext']);

export function readingHoverEnabled(doc: vscode.TextDocument): boolean {
  const v = vscode.workspace.getConfiguration('yomiage', doc).get<string>('readingHover', 'auto');
  return v === 'on' || (v !== 'off' && AUTO_LANGUAGES.has(doc.languageId));
}

/** The character at `pos` (a whole code point). */
function charAt(doc: vscode.TextDocument, pos: vscode.Position): string {
  const line = doc.lineAt(pos.line).text;
  const cp = line.codePointAt(pos.character);
  return cp === undefined ? '' : String.fromCodePoint(cp);
}

/** `p`, or undefined after `ms` or on cancellation (`p` goes on and lands in the cache). */
function within<T>(p: Promise<T>, ms: number, token: vscode.CancellationToken): Promise<T | undefined> {
  if (token.isCancellationRequested) return Promise.resolve(undefined);
  return new Promise((resolve) => {
    const done = (v: T | undefined) => {
      clearTimeout(timer);
      sub.dispose();
      resolve(v);
    };
    const timer = setTimeout(() => done(undefined), ms);
    const sub = token.onCancellationRequested(() => done(undefined));
    p.then(done, () => done(undefined));
  });
}

export const FIX_READING_COMMAND = 'yomiage.fixReading';

/** Where the hover and the code action are offered: files, new files and notebook cells (Markdown cells). */
export const READING_HOVER_SELECTOR: vscode.DocumentSelector = [{ scheme: 'file' }, { scheme: 'untitled' }, { scheme: 'vscode-notebook-cell' }];

function commandLink(args: FixReadingArgs): string {
  return `command:${FIX_READING_COMMAND}?${encodeURIComponent(JSON.stringify([args]))}`;
}

export class ReadingHoverProvider implements vscode.HoverProvider {
  constructor(
    private readonly engine: EngineHost,
    private readonly readings: SentenceReadings,
  ) {}

  async provideHover(doc: vscode.TextDocument, pos: vscode.Position, token: vscode.CancellationToken): Promise<vscode.Hover | undefined> {
    if (!this.engine.used || !readingHoverEnabled(doc) || !isJapaneseChar(charAt(doc, pos))) return undefined;
    const at = await this.readings.at(doc, pos, (p) => within(p, HOVER_WAIT_MS, token));
    if (!at || token.isCancellationRequested) return undefined;
    const md = new vscode.MarkdownString();
    md.isTrusted = { enabledCommands: [FIX_READING_COMMAND] };
    const parts = previewParts(at.text, at.words, at.index);
    parts.forEach((p, i) => {
      const text = i === 0 ? p.text.trimStart() : i === parts.length - 1 ? p.text.trimEnd() : p.text;
      if (!text) return;
      if (p.marked) md.appendMarkdown('**').appendText(text).appendMarkdown('**');
      else md.appendText(text);
    });
    const word = at.index >= 0 ? at.words[at.index] : undefined;
    let range: vscode.Range;
    if (word) {
      const start = at.start.translate(0, word.start);
      range = new vscode.Range(start, at.start.translate(0, word.end));
      const args: FixReadingArgs = { uri: doc.uri.toString(), offset: doc.offsetAt(start), word: word.surface, current: word.reading };
      md.appendMarkdown('\n\n').appendText(`${word.surface} → ${word.reading}`).appendMarkdown('  \n');
      md.appendMarkdown(`[${vscode.l10n.t('Fix reading…')}](${commandLink(args)} "${vscode.l10n.t('Yomiage: Fix Reading')}")`);
    } else {
      range = new vscode.Range(pos, pos.translate(0, charAt(doc, pos).length));
    }
    return new vscode.Hover(md, range);
  }
}

/**
 * "Fix reading…" on the word under the cursor or the selection, when it is Japanese. Asked for (Ctrl+., the Refactor
 * menu) it is always there; the light bulb shows it only for a selection, and only where the hover is on, so moving
 * through Japanese text (or code with Japanese comments) does not light a bulb at every character.
 * It runs no G2P itself: the command finds the word.
 */
export class FixReadingActionProvider implements vscode.CodeActionProvider {
  static readonly kind = vscode.CodeActionKind.RefactorRewrite.append('yomiage');

  provideCodeActions(doc: vscode.TextDocument, range: vscode.Range | vscode.Selection, context: vscode.CodeActionContext): vscode.CodeAction[] {
    if (context.only && !context.only.intersects(FixReadingActionProvider.kind)) return [];
    if (context.triggerKind === vscode.CodeActionTriggerKind.Automatic && (range.isEmpty || !readingHoverEnabled(doc))) return [];
    const selected = range.isEmpty ? '' : doc.getText(range).trim();
    const japanese = selected ? [...selected].some(isJapaneseChar) : isJapaneseChar(charAt(doc, range.start));
    if (!japanese) return [];
    const title = selected && selected.length <= 20 ? vscode.l10n.t('Fix reading of {0}…', selected) : vscode.l10n.t('Fix reading…');
    const action = new vscode.CodeAction(title, FixReadingActionProvider.kind);
    const args: FixReadingArgs = { uri: doc.uri.toString(), offset: doc.offsetAt(range.start), ...(selected ? { word: selected } : {}) };
    action.command = { command: FIX_READING_COMMAND, title, arguments: [args] };
    return [action];
  }
}
