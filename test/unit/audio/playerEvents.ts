/** Test helper: the events a player sends, with their times, and a wait for the first one that matches. */
import type { PlayerEvent } from '../../../src/core/audio/player';
import type { SystemPlayer } from '../../../src/core/audio/systemPlayer';

export function collect(p: SystemPlayer) {
  const events: Array<PlayerEvent & { t: number }> = [];
  p.onEvent((e) => events.push({ ...e, t: performance.now() }));
  const until = (pred: (e: PlayerEvent) => boolean, ms = 10000) =>
    new Promise<PlayerEvent>((resolve, reject) => {
      const hit = events.find(pred);
      if (hit) return resolve(hit);
      const t = setTimeout(() => reject(new Error(`timed out waiting; events: ${JSON.stringify(events)}`)), ms);
      const off = p.onEvent((e) => {
        if (pred(e)) {
          clearTimeout(t);
          off();
          resolve(e);
        }
      });
    });
  return { events, until };
}
