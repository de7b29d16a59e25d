/**
 * Fallback for a process with no panel to fall back to (the CLI): when the system player dies mid-reading, a new
 * system player process takes over, at most `maxRestarts` times per provider. The notice comes with the first one.
 */
import type { Player } from '../audio/player';
import { SystemPlayer, type SystemPlayerOptions } from '../audio/systemPlayer';
import type { FallbackProvider } from './session';

export class SystemPlayerRestarts implements FallbackProvider {
  private restarts = 0;
  private readonly started = new Set<Player>();

  constructor(
    private readonly options: SystemPlayerOptions = {},
    private readonly maxRestarts = 2,
  ) {}

  async fallback(failed: Player, reason: string): Promise<{ player: Player; notice?: string } | null> {
    failed.dispose();
    this.started.delete(failed);
    if (this.restarts >= this.maxRestarts) return null;
    const first = this.restarts++ === 0;
    const player = await SystemPlayer.start(this.options);
    this.started.add(player);
    return { player, notice: first ? `the audio player failed (${reason}); playing on through a new ${player.backend} player` : undefined };
  }

  /** Ends the players this provider started. */
  dispose(): void {
    for (const p of this.started) p.dispose();
    this.started.clear();
  }
}
