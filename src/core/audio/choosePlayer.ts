/**
 * Which player plays: setting `yomiage.playback` = auto | webview | system.
 *   auto    → system when the extension host runs on the user's own desktop machine (no remoteName, desktop UI);
 *             webview in remote windows (Remote-SSH, WSL, Dev Containers, Codespaces) and in the web UI, where the
 *             extension host has no speakers the user can hear;
 *   system  → system, wherever the extension host runs (the user asked for it);
 *   webview → webview.
 * Whenever the system player is chosen but cannot play, the webview plays instead, with a one-time notice.
 * Pure: the probe is passed in, nothing here touches vscode or processes.
 */
import type { PlayerKind } from './player';

export type PlaybackSetting = 'auto' | 'webview' | 'system';

export interface HostInfo {
  /** `vscode.env.remoteName`: undefined for a local window, 'ssh-remote', 'wsl', 'codespaces', 'dev-container'… */
  remoteName: string | undefined;
  /** `vscode.env.uiKind`: desktop or web. */
  uiKind: 'desktop' | 'web';
}

export type SystemProbe = () => Promise<{ ok: true; backend: string } | { ok: false; reason: string }>;

export type NoticeCode = 'systemUnavailable' | 'systemFailed' | 'webviewFailed';

export interface Notice {
  code: NoticeCode;
  /** The technical reason, for the notice and the log. */
  reason: string;
  /** Default English text; the editor layer localises by `code`. */
  text: string;
}

export interface Choice {
  kind: PlayerKind;
  /** Set only the first time a given fallback happens (see `NoticeMemory`). */
  notice?: Notice;
  /** The system backend in use, when kind is system. */
  backend?: string;
}

export function normaliseSetting(v: unknown): PlaybackSetting {
  return v === 'webview' || v === 'system' ? v : 'auto';
}

/** The player the setting asks for before anything is probed. */
export function preferredPlayer(setting: PlaybackSetting, host: HostInfo): PlayerKind {
  if (setting === 'webview' || setting === 'system') return setting;
  return host.remoteName === undefined && host.uiKind === 'desktop' ? 'system' : 'webview';
}

/** Remembers which notices were shown, so each fallback is announced once per session, never silently skipped. */
export class NoticeMemory {
  private readonly shown = new Set<NoticeCode>();

  /** Returns the notice if it has not been shown yet, and marks it shown. */
  once(n: Notice): Notice | undefined {
    if (this.shown.has(n.code)) return undefined;
    this.shown.add(n.code);
    return n;
  }
}

export function notice(code: NoticeCode, reason: string): Notice {
  const text = {
    systemUnavailable: `Yomiage: the system audio player is not available here (${reason}). Playing in the Yomiage panel instead.`,
    systemFailed: `Yomiage: the system audio player failed (${reason}). Playing in the Yomiage panel instead.`,
    webviewFailed: `Yomiage: the Yomiage panel cannot play audio (${reason}). Playing through the system audio player instead.`,
  }[code];
  return { code, reason, text };
}

/** Chooses the player for the next utterance. The system player is probed only when it would be used. */
export async function choosePlayer(opts: {
  setting: PlaybackSetting;
  host: HostInfo;
  probeSystem: SystemProbe;
  notices: NoticeMemory;
}): Promise<Choice> {
  const want = preferredPlayer(opts.setting, opts.host);
  if (want === 'webview') return { kind: 'webview' };
  let r: Awaited<ReturnType<SystemProbe>>;
  try {
    r = await opts.probeSystem();
  } catch (e) {
    r = { ok: false, reason: (e as Error).message };
  }
  if (r.ok) return { kind: 'system', backend: r.backend };
  return { kind: 'webview', notice: opts.notices.once(notice('systemUnavailable', r.reason)) };
}

/**
 * A player reported a fatal error mid-way. Returns the player to continue with, or null when there is none
 * (the webview failed and the system player cannot play either, or was already the one that failed).
 */
export async function fallbackAfterFailure(opts: {
  failed: PlayerKind;
  reason: string;
  probeSystem: SystemProbe;
  notices: NoticeMemory;
}): Promise<Choice | null> {
  if (opts.failed === 'system') return { kind: 'webview', notice: opts.notices.once(notice('systemFailed', opts.reason)) };
  let r: Awaited<ReturnType<SystemProbe>>;
  try {
    r = await opts.probeSystem();
  } catch (e) {
    r = { ok: false, reason: (e as Error).message };
  }
  if (!r.ok) return null;
  return { kind: 'system', backend: r.backend, notice: opts.notices.once(notice('webviewFailed', opts.reason)) };
}
