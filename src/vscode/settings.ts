import * as vscode from 'vscode';
import { clampSpeed } from '../core/engine/speed';

export const VOICES = ['jf_alpha', 'jf_gongitsune', 'jf_nezumi', 'jf_tebukuro', 'jm_kumo'] as const;
export type VoiceId = (typeof VOICES)[number];
export type PlaybackSetting = 'auto' | 'webview' | 'system';

export interface Settings {
  voice: VoiceId;
  speed: number;
  modelPath: string;
  voiceDirectory: string;
  modelVariant: string;
  playback: PlaybackSetting;
  idleUnloadSeconds: number;
  dictionary: Record<string, string>;
  highlight: boolean;
}

/** Reads the `yomiage.*` settings, clamping and defaulting values a user may have typed by hand. */
export function readSettings(): Settings {
  const c = vscode.workspace.getConfiguration('yomiage');
  const voice = c.get<string>('voice', 'jf_alpha');
  const speed = Number(c.get<number>('speed', 1));
  const playback = c.get<string>('playback', 'auto');
  const dictionary = c.get<Record<string, unknown>>('dictionary', {}) ?? {};
  return {
    voice: (VOICES as readonly string[]).includes(voice) ? (voice as VoiceId) : 'jf_alpha',
    speed: clampSpeed(speed),
    modelPath: (c.get<string>('modelPath', '') ?? '').trim(),
    voiceDirectory: (c.get<string>('voiceDirectory', '') ?? '').trim(),
    modelVariant: c.get<string>('modelVariant', 'q8') ?? 'q8',
    playback: playback === 'webview' || playback === 'system' ? playback : 'auto',
    idleUnloadSeconds: Math.max(0, Number(c.get<number>('idleUnloadSeconds', 300)) || 0),
    dictionary: Object.fromEntries(Object.entries(dictionary).filter((e): e is [string, string] => typeof e[1] === 'string')),
    highlight: c.get<boolean>('highlight', true) !== false,
  };
}

/** Opens the Settings editor on one of our settings (used as a notification action). */
export function openSetting(key: string): Thenable<unknown> {
  return vscode.commands.executeCommand('workbench.action.openSettings', `yomiage.${key}`);
}
