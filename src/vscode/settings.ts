import * as vscode from 'vscode';
import { restrictedValue, type RestrictedSetting } from './trust';
import { clampSpeed } from '../core/engine/speed';
import { isBlend } from '../core/engine/voiceBlend';
import { activeManifest, bundledManifest, type Manifest } from '../core/model';
import { parseEngineVoice } from './engines';
import { editorDictionary } from './dictionary';

/** A voice id of the catalog (models/manifest.json), a blend of them (core/engine/voiceBlend.ts), or
 * `<engine id>:<style id>` of an engine of `yomiage.engines`. */
export type VoiceId = string;
export type PlaybackSetting = 'auto' | 'webview' | 'system';

export interface Settings {
  voice: VoiceId;
  speed: number;
  modelPath: string;
  voiceDirectory: string;
  modelVariant: string;
  playback: PlaybackSetting;
  idleUnloadSeconds: number;
  /** `yomiage.dictionary` merged over the workspace dictionary file (vscode/dictionary.ts). */
  dictionary: Record<string, string>;
  highlight: boolean;
  /** Highlight the word being said inside the sentence (with `highlight`). */
  highlightWords: boolean;
}

/**
 * The catalog of models and voices in use (`$YOMIAGE_MANIFEST` or the bundled one). A broken alternative manifest is
 * reported where the assets are resolved; the settings fall back to the bundled catalog meanwhile.
 */
export function catalog(): Manifest {
  try {
    return activeManifest();
  } catch {
    return bundledManifest();
  }
}

/** Reads the `yomiage.*` settings, clamping and defaulting values a user may have typed by hand. */
export function readSettings(): Settings {
  const c = vscode.workspace.getConfiguration('yomiage');
  const voices = catalog();
  const voice = c.get<string>('voice', voices.defaultVoice) ?? voices.defaultVoice;
  const speed = Number(c.get<number>('speed', 1));
  const playback = c.get<string>('playback', 'auto');
  return {
    // a blend (alpha*0.6+nezumi*0.4) is checked where the voice is resolved, with a message naming the problem
    voice: Object.prototype.hasOwnProperty.call(voices.voices, voice) || isBlend(voice) || parseEngineVoice(voice) ? voice : voices.defaultVoice,
    speed: clampSpeed(speed),
    modelPath: restricted(c, 'modelPath'),
    voiceDirectory: restricted(c, 'voiceDirectory'),
    modelVariant: c.get<string>('modelVariant', voices.defaultModel) ?? voices.defaultModel,
    playback: playback === 'webview' || playback === 'system' ? playback : 'auto',
    idleUnloadSeconds: Math.max(0, Number(c.get<number>('idleUnloadSeconds', 300)) || 0),
    // the settings' usable entries over the workspace dictionary file's (trusted workspaces only)
    dictionary: editorDictionary(c.get<unknown>('dictionary', {})),
    highlight: c.get<boolean>('highlight', true) !== false,
    highlightWords: c.get<boolean>('highlightWords', true) !== false,
  };
}

/** A setting that loads a file: a workspace's own value counts only when the workspace is trusted (see trust.ts). */
function restricted(c: vscode.WorkspaceConfiguration, key: RestrictedSetting): string {
  const v = restrictedValue(c.inspect<string>(key), vscode.workspace.isTrusted);
  return typeof v === 'string' ? v.trim() : '';
}

/** Opens the Settings editor on one of our settings (used as a notification action). */
export function openSetting(key: string): Thenable<unknown> {
  return vscode.commands.executeCommand('workbench.action.openSettings', `yomiage.${key}`);
}
