/**
 * The workspace dictionary file (`yomiage.dictionaryFile`, `.vscode/yomiage-dictionary.json` by default, relative to
 * the first workspace folder): readings a team shares. Read only in a trusted workspace, size-limited and parsed as
 * JSON data (core/g2p/dictionaryFile.ts); watched, so an edit applies to the next reading at once. Nothing is read
 * on activation: the file is read (and watched) when a reading first needs the dictionary.
 */
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { checkDictionaryFileSize, describeProblems, parseDictionaryFile, withDictionaryEntry } from '../core/g2p/dictionaryFile';
import type { UserDictionary } from '../core/g2p/userDictionary';
import { restrictedValue } from './trust';

let current: DictionaryFile | undefined;

/** The entries of the workspace dictionary file in use ({} before activation, untrusted, or without a file). */
export function workspaceDictionaryEntries(): UserDictionary {
  return current?.entries() ?? {};
}

export class DictionaryFile implements vscode.Disposable {
  private cache: { key: string; dictionary: UserDictionary } | undefined;
  /** The file's state when last looked at (path, time and size; absent; or no file to read). */
  private lastKey: string | undefined;
  private watcher: { file: string; watcher: vscode.FileSystemWatcher } | undefined;
  /** Problems already shown, by file state: each is reported once, not on every reading. */
  private readonly reported = new Set<string>();
  private readonly changed = new vscode.EventEmitter<void>();
  /** The file's entries may have changed (edited, created, deleted, another file, trust granted). */
  readonly onDidChange = this.changed.event;
  private readonly subscriptions: vscode.Disposable[];

  constructor() {
    current = this;
    this.subscriptions = [
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('yomiage.dictionaryFile')) this.invalidate();
      }),
      vscode.workspace.onDidGrantWorkspaceTrust(() => this.invalidate()),
      vscode.workspace.onDidChangeWorkspaceFolders(() => this.invalidate()),
    ];
  }

  /**
   * The file's path, or undefined when there is none to read: an untrusted workspace (a repository never chooses
   * what is loaded), an empty setting, or a relative path without a local workspace folder.
   */
  location(): string | undefined {
    if (!vscode.workspace.isTrusted) return undefined;
    const value = restrictedValue(vscode.workspace.getConfiguration('yomiage').inspect<string>('dictionaryFile'), vscode.workspace.isTrusted);
    const name = typeof value === 'string' ? value.trim() : '';
    if (!name) return undefined;
    if (path.isAbsolute(name)) return name;
    const folder = vscode.workspace.workspaceFolders?.[0];
    return folder && folder.uri.scheme === 'file' ? path.join(folder.uri.fsPath, name) : undefined;
  }

  /** The file's path as shown: relative to the workspace folder when inside it. */
  displayPath(file: string): string {
    const folder = vscode.workspace.workspaceFolders?.[0];
    const rel = folder && folder.uri.scheme === 'file' ? path.relative(folder.uri.fsPath, file) : '';
    return rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : file;
  }

  /** How the file is named in messages (the core's messages are in English). */
  private describe(file: string): string {
    return `dictionary file ${this.displayPath(file)}`;
  }

  /** The usable entries of the file ({} when there is none); a problem with it is reported once per file state. */
  entries(): UserDictionary {
    const file = this.location();
    this.watch(file);
    let stat: fs.Stats | undefined;
    try {
      stat = file ? fs.statSync(file) : undefined;
    } catch {
      stat = undefined; // no file (yet): nothing to add
    }
    const key = !file ? '' : stat ? `${file}\0${stat.mtimeMs}\0${stat.size}` : `${file}\0absent`;
    // a change the watcher may not see (a folder created after the watch began): the readings cached are stale
    if (this.lastKey !== undefined && this.lastKey !== key) this.changed.fire();
    this.lastKey = key;
    if (!file || !stat) return {};
    if (this.cache?.key === key) return this.cache.dictionary;
    const origin = this.describe(file);
    let dictionary: UserDictionary = {};
    try {
      checkDictionaryFileSize(stat.size, origin); // before reading it
      const parsed = parseDictionaryFile(fs.readFileSync(file, 'utf8'), origin);
      dictionary = parsed.dictionary;
      this.report(key, describeProblems(origin, parsed.problems), file);
    } catch (e) {
      this.report(key, (e as Error).message, file);
    }
    this.cache = { key, dictionary };
    return dictionary;
  }

  /**
   * Sets the reading of `word` in the file, keeping every other entry (the file is created if missing). Throws a
   * clear error, leaving the file as it was, when it is too large or does not parse.
   */
  async setEntry(word: string, reading: string): Promise<string> {
    const file = this.location();
    if (!file) throw new Error(vscode.l10n.t('There is no workspace dictionary file here (it needs a trusted workspace with a folder).'));
    const origin = this.describe(file);
    let text: string | undefined;
    try {
      checkDictionaryFileSize((await fs.promises.stat(file)).size, origin);
      text = await fs.promises.readFile(file, 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    }
    const out = withDictionaryEntry(text, word, reading, origin);
    await fs.promises.mkdir(path.dirname(file), { recursive: true });
    // written beside it and renamed over it: a reader never sees half a file
    const tmp = `${file}.${process.pid}.tmp`;
    try {
      await fs.promises.writeFile(tmp, out, 'utf8');
      await fs.promises.rename(tmp, file);
    } catch (e) {
      await fs.promises.rm(tmp, { force: true });
      throw e;
    }
    this.invalidate();
    return file;
  }

  private report(key: string, message: string | undefined, file: string): void {
    if (!message || this.reported.has(key)) return;
    this.reported.add(key);
    const open = vscode.l10n.t('Open file');
    void vscode.window.showWarningMessage(vscode.l10n.t('Yomiage: {0}', message), open).then((a) => {
      if (a === open) void vscode.window.showTextDocument(vscode.Uri.file(file));
    });
  }

  /** Watches the file in use (and only it); a change re-reads it, so a problem is reported when saved. */
  private watch(file: string | undefined): void {
    if (this.watcher?.file === file) return;
    this.watcher?.watcher.dispose();
    this.watcher = undefined;
    if (!file) return;
    const watcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(vscode.Uri.file(path.dirname(file)), path.basename(file)));
    const changed = () => {
      this.invalidate();
      this.entries();
    };
    watcher.onDidChange(changed);
    watcher.onDidCreate(changed);
    watcher.onDidDelete(changed);
    this.watcher = { file, watcher };
  }

  private invalidate(): void {
    this.cache = undefined;
    this.changed.fire();
  }

  dispose(): void {
    if (current === this) current = undefined;
    this.watcher?.watcher.dispose();
    this.changed.dispose();
    for (const s of this.subscriptions) s.dispose();
  }
}
