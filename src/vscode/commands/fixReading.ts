import * as vscode from 'vscode';
import type { DictionaryFile } from '../dictionaryFile';
import type { SentenceReadings } from '../sentenceReadings';
import { readSettings, openSetting } from '../settings';
import { parseEngineVoice } from '../engines';
import { DictionaryFileError } from '../../core/g2p/dictionaryFile';
import { isPlainObject, readingProblem } from '../../core/g2p/userDictionary';
import { splitAccent, splitMoras, withAccent } from '../../core/g2p/accent';

/**
 * What the hover link and the code action pass (`uri` + `offset`: where the word is; `word` + `current`: the word
 * and its reading when known). For automation, `reading` and `target` answer the questions they stand for.
 */
export interface FixReadingArgs {
  uri?: string;
  offset?: number;
  word?: string;
  current?: string;
  reading?: string;
  target?: 'user' | 'workspace';
}

/** The arguments a caller passed, keeping only the fields of the right types. */
export function fixReadingArgs(raw: unknown): FixReadingArgs {
  if (!isPlainObject(raw)) return {};
  const str = (k: string) => (typeof raw[k] === 'string' ? (raw[k] as string) : undefined);
  const target = raw.target === 'user' || raw.target === 'workspace' ? raw.target : undefined;
  const offset = typeof raw.offset === 'number' && Number.isInteger(raw.offset) && raw.offset >= 0 ? raw.offset : undefined;
  return { uri: str('uri'), offset, word: str('word'), current: str('current'), reading: str('reading'), target };
}

export interface FixReadingResult {
  word: string;
  reading: string;
  target: 'user' | 'workspace';
  /** The dictionary file written, for the workspace target. */
  file?: string;
}

/** The word to fix and its current reading: from the arguments, the selection, or the G2P word at the cursor. */
async function findWord(readings: SentenceReadings, args: FixReadingArgs): Promise<{ word: string; current: string } | undefined> {
  const editor = vscode.window.activeTextEditor;
  let doc: vscode.TextDocument | undefined;
  let pos: vscode.Position | undefined;
  if (args.uri !== undefined && typeof args.offset === 'number') {
    doc = await vscode.workspace.openTextDocument(vscode.Uri.parse(args.uri));
    pos = doc.positionAt(args.offset);
  } else if (editor) {
    doc = editor.document;
    if (!editor.selection.isEmpty && !args.word) {
      const word = doc.getText(editor.selection).trim();
      return word ? { word, current: await readingOf(readings, word) } : undefined;
    }
    pos = editor.selection.active;
  }
  if (args.word?.trim()) return { word: args.word.trim(), current: args.current ?? (await readingOf(readings, args.word.trim())) };
  if (!doc || !pos) return undefined;
  const at = await readings.at(doc, pos);
  const w = at && at.index >= 0 ? at.words[at.index] : undefined;
  return w ? { word: w.surface, current: w.reading } : undefined;
}

/** The reading the G2P gives a word on its own (its heard words' kana, punctuation left out). */
async function readingOf(readings: SentenceReadings, word: string): Promise<string> {
  const r = await readings.read(word);
  return (r.words ?? []).map((w) => w.reading).join('') || r.kana;
}

/** The input box's message for a reading that cannot be saved, or undefined. */
function readingMessage(value: string): string | undefined {
  if (!value.trim()) return vscode.l10n.t('Type the reading in kana.');
  const problem = readingProblem(value);
  return problem ? vscode.l10n.t('Kana only (hiragana or katakana), optionally ending in an accent @N: this reading {0}.', problem) : undefined;
}

/**
 * For a voice of a VOICEVOX-kind engine: where the pitch falls, as `@N` (0 flat; k after the k-th mora), or none
 * (the engine decides). Undefined when cancelled.
 */
async function pickAccent(kana: string, saved: number | undefined): Promise<{ accent: number | undefined } | undefined> {
  type Item = vscode.QuickPickItem & { accent: number | undefined };
  const moras = splitMoras(kana.replace(/\s+/g, ''));
  const items: Item[] = [
    { label: vscode.l10n.t('Leave the accent to the engine'), accent: undefined },
    { label: moras.join(''), description: vscode.l10n.t('flat (@0)'), accent: 0 },
    ...moras.map((_, i) => ({ label: `${moras.slice(0, i + 1).join('')}↘${moras.slice(i + 1).join('')}`, description: vscode.l10n.t('falls after mora {0} (@{0})', i + 1), accent: i + 1 })),
  ];
  const qp = vscode.window.createQuickPick<Item>();
  qp.title = vscode.l10n.t('Accent of {0}', kana);
  qp.placeholder = vscode.l10n.t('Where the pitch falls (used by VOICEVOX-kind engines; Kokoro ignores it)');
  qp.items = items;
  const preselected = items.find((i) => i.accent === saved);
  if (preselected) qp.activeItems = [preselected];
  const picked = await new Promise<Item | undefined>((resolve) => {
    qp.onDidAccept(() => resolve(qp.selectedItems[0] ?? qp.activeItems[0]));
    qp.onDidHide(() => resolve(undefined));
    qp.show();
  });
  qp.dispose();
  return picked ? { accent: picked.accent } : undefined;
}

/** Where to save: the user settings, or the workspace dictionary file when there is one to write (trusted, a folder). */
async function pickTarget(dictionaryFile: DictionaryFile, wanted: FixReadingArgs['target']): Promise<'user' | 'workspace' | undefined> {
  const file = dictionaryFile.location();
  if (wanted === 'workspace' && !file) throw new Error(vscode.l10n.t('There is no workspace dictionary file here (it needs a trusted workspace with a folder).'));
  if (wanted) return wanted;
  if (!file) return 'user'; // nothing to choose
  type Item = vscode.QuickPickItem & { target: 'user' | 'workspace' };
  const picked = await vscode.window.showQuickPick<Item>(
    [
      { label: vscode.l10n.t('User settings'), description: 'yomiage.dictionary', detail: vscode.l10n.t('For you, in every workspace'), target: 'user' },
      { label: vscode.l10n.t('Workspace dictionary file'), description: dictionaryFile.displayPath(file), detail: vscode.l10n.t('Shared with everyone who opens this workspace'), target: 'workspace' },
    ],
    { title: vscode.l10n.t('Save the reading where?') },
  );
  return picked?.target;
}

/** Adds the entry to the user's own `yomiage.dictionary`, keeping every other entry. */
async function saveToUserSettings(word: string, reading: string): Promise<boolean> {
  const c = vscode.workspace.getConfiguration('yomiage');
  const inspected = c.inspect<unknown>('dictionary');
  const own = inspected?.globalValue ?? {};
  if (!isPlainObject(own)) {
    const open = vscode.l10n.t('Open Settings');
    void vscode.window.showErrorMessage(vscode.l10n.t('Yomiage: your setting yomiage.dictionary is not an object of word → reading; fix it first (nothing was changed).'), open).then((a) => {
      if (a === open) void openSetting('dictionary');
    });
    return false;
  }
  await c.update('dictionary', { ...own, [word]: reading }, vscode.ConfigurationTarget.Global);
  const shadow = [inspected?.workspaceValue, inspected?.workspaceFolderValue].find((v) => isPlainObject(v) && typeof v[word] === 'string' && v[word] !== reading);
  if (shadow) void vscode.window.showWarningMessage(vscode.l10n.t('Yomiage: the workspace settings also give {0} a reading ({1}), which wins over your user settings.', word, (shadow as Record<string, string>)[word]));
  return true;
}

/** Adds the entry to the workspace dictionary file; a file that cannot be used is left as it is, with a way to open it. */
async function saveToFile(dictionaryFile: DictionaryFile, word: string, reading: string): Promise<string | undefined> {
  let file: string;
  try {
    file = await dictionaryFile.setEntry(word, reading);
  } catch (e) {
    const path = dictionaryFile.location();
    const open = vscode.l10n.t('Open file');
    const actions = e instanceof DictionaryFileError && path ? [open] : [];
    void vscode.window.showErrorMessage(vscode.l10n.t('Yomiage: the reading was not saved: {0}', (e as Error).message), ...actions).then((a) => {
      if (a === open && path) void vscode.window.showTextDocument(vscode.Uri.file(path));
    });
    return undefined;
  }
  const setting = vscode.workspace.getConfiguration('yomiage').get<Record<string, unknown>>('dictionary') ?? {};
  if (typeof setting[word] === 'string' && setting[word] !== reading) {
    void vscode.window.showWarningMessage(vscode.l10n.t('Yomiage: your settings also give {0} a reading ({1}), which wins over the dictionary file.', word, setting[word] as string));
  }
  return file;
}

/**
 * `yomiage.fixReading`: asks for the reading of the word under the cursor (or the selection, or the hover's word),
 * pre-filled with the current one, then (for a VOICEVOX-kind voice) its accent, then where to save it, and writes it.
 * The next reading, hover and Show Reading use it at once. Returns what was saved, or undefined.
 */
export async function fixReading(readings: SentenceReadings, dictionaryFile: DictionaryFile, args: FixReadingArgs = {}): Promise<FixReadingResult | undefined> {
  try {
    const found = await findWord(readings, args);
    if (!found) {
      void vscode.window.showInformationMessage(vscode.l10n.t('Put the cursor on a Japanese word (or select it) to fix its reading.'));
      return undefined;
    }
    const { word } = found;
    const saved = readSettings().dictionary[word];
    const savedAccent = saved !== undefined ? splitAccent(saved).accent : undefined;
    let reading: string | undefined;
    if (args.reading !== undefined) {
      const message = readingMessage(args.reading);
      if (message) throw new Error(message);
      reading = args.reading.trim();
    } else {
      const current = splitAccent(found.current).kana;
      reading = await vscode.window.showInputBox({
        title: vscode.l10n.t('Reading of {0}', word),
        prompt: vscode.l10n.t('The reading in kana; Enter to continue, Escape to cancel'),
        value: current,
        valueSelection: [0, current.length],
        validateInput: readingMessage,
      });
      if (reading === undefined) return undefined;
      reading = reading.trim();
      if (parseEngineVoice(readSettings().voice) && splitAccent(reading).accent === undefined) {
        const accent = await pickAccent(reading, savedAccent);
        if (!accent) return undefined;
        reading = withAccent(reading, accent.accent);
      }
    }
    const target = await pickTarget(dictionaryFile, args.target);
    if (!target) return undefined;
    let file: string | undefined;
    if (target === 'user') {
      if (!(await saveToUserSettings(word, reading))) return undefined;
    } else {
      file = await saveToFile(dictionaryFile, word, reading);
      if (!file) return undefined;
    }
    readings.clear();
    const where = target === 'user' ? vscode.l10n.t('user settings') : dictionaryFile.displayPath(file!);
    vscode.window.setStatusBarMessage(vscode.l10n.t('Yomiage: {0} is now read {1} ({2}).', word, reading, where), 8000);
    return { word, reading, target, ...(file ? { file } : {}) };
  } catch (e) {
    void vscode.window.showErrorMessage(vscode.l10n.t('Yomiage: {0}', (e as Error).message));
    return undefined;
  }
}
