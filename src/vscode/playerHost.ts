import * as vscode from 'vscode';
import type { Player } from '../core/audio/player';
import { choosePlayer, fallbackAfterFailure, NoticeMemory, notice, type Notice, type PlaybackSetting } from '../core/audio/choosePlayer';
import type { FallbackProvider } from '../core/speech/session';
import { probeSystemPlayer, SystemPlayer } from '../core/audio/systemPlayer';
import type { BackendName } from '../core/audio/backends';
import { WebviewPlayer } from './webviewPlayer';
import * as path from 'path';

/**
 * Picks and keeps the player for the `yomiage.playback` setting: the system player (a child process) on the
 * user's own machine, the webview panel in remote and web windows, and the other one with a one-time notice
 * when the chosen one cannot play.
 */
export class PlayerHost implements vscode.Disposable, FallbackProvider {
  private system: SystemPlayer | undefined;
  private webview: WebviewPlayer | undefined;
  private readonly notices = new NoticeMemory();
  private systemProbe: Promise<{ ok: true; backend: string } | { ok: false; reason: string }> | undefined;

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly notify: (message: string) => void,
  ) {}

  private script(): string {
    return path.join(this.context.extensionPath, 'dist', 'player.js');
  }

  /** The probe runs once per session (it starts a child process); a running system player answers at once. */
  private probe() {
    if (this.system) return Promise.resolve({ ok: true as const, backend: this.system.backend });
    this.systemProbe ??= probeSystemPlayer({ script: this.script() });
    return this.systemProbe;
  }

  async get(setting: PlaybackSetting): Promise<Player | undefined> {
    const host = {
      remoteName: vscode.env.remoteName,
      uiKind: vscode.env.uiKind === vscode.UIKind.Web ? ('web' as const) : ('desktop' as const),
    };
    const choice = await choosePlayer({ setting, host, probeSystem: () => this.probe(), notices: this.notices });
    if (choice.notice) this.notify(localise(choice.notice));
    if (choice.kind === 'system') {
      try {
        // the probe already found a working backend: start with it instead of probing every backend again
        this.system ??= await SystemPlayer.start({ script: this.script(), ...(choice.backend ? { backends: [choice.backend as BackendName] } : {}) });
        return this.system;
      } catch (e) {
        const n = this.notices.once(notice('systemFailed', (e as Error).message));
        if (n) this.notify(localise(n));
      }
    }
    this.webview ??= new WebviewPlayer(this.context);
    return this.webview;
  }

  /**
   * A player failed for good during a reading: forget and dispose it, and give the other one to go on with, with
   * the notice the first time this fallback happens (the caller shows it). Null when the other cannot play either.
   */
  async fallback(failed: Player, reason: string): Promise<{ player: Player; notice?: string } | null> {
    if (failed === this.system) {
      this.system = undefined;
      this.systemProbe = Promise.resolve({ ok: false, reason });
    } else if (failed === this.webview) {
      this.webview = undefined;
    }
    failed.dispose();
    const choice = await fallbackAfterFailure({ failed: failed.kind, reason, probeSystem: () => this.probe(), notices: this.notices });
    if (!choice) return null;
    let player: Player;
    if (choice.kind === 'system') {
      this.system ??= await SystemPlayer.start({ script: this.script(), ...(choice.backend ? { backends: [choice.backend as BackendName] } : {}) });
      player = this.system;
    } else {
      this.webview ??= new WebviewPlayer(this.context);
      player = this.webview;
    }
    return { player, notice: choice.notice && localise(choice.notice) };
  }

  dispose(): void {
    this.system?.dispose();
    this.webview?.dispose();
  }
}

function localise(n: Notice): string {
  switch (n.code) {
    case 'systemUnavailable':
      return vscode.l10n.t('Yomiage: the system audio player is not available here ({0}). Playing in the Yomiage panel instead.', n.reason);
    case 'systemFailed':
      return vscode.l10n.t('Yomiage: the system audio player failed ({0}). Playing in the Yomiage panel instead.', n.reason);
    case 'webviewFailed':
      return vscode.l10n.t('Yomiage: the Yomiage panel cannot play audio ({0}). Playing through the system audio player instead.', n.reason);
  }
}
