/** Plays mono float32 PCM on this machine's speakers (through the system player's child process). */
import { SystemPlayer, SystemPlayerOptions } from './systemPlayer';

/**
 * Resolves when the audio has played to the end; rejects with a clear message when nothing can play here
 * (SystemPlayerUnavailable) or the player fails. Aborting `signal` silences at once and rejects with an AbortError.
 */
export async function playPcm(
  samples: Float32Array,
  sampleRate: number,
  opts: { signal?: AbortSignal } & SystemPlayerOptions = {},
): Promise<void> {
  const { signal, ...playerOpts } = opts;
  if (!(sampleRate > 0)) throw new RangeError(`bad sample rate ${sampleRate}`);
  const aborted = () => Object.assign(new Error('playback aborted'), { name: 'AbortError' });
  if (signal?.aborted) throw aborted();
  if (samples.length === 0) return;
  const player = await SystemPlayer.start(playerOpts);
  try {
    await new Promise<void>((resolve, reject) => {
      if (signal?.aborted) return reject(aborted());
      const onAbort = () => {
        player.stop();
        reject(aborted());
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      player.onEvent((e) => {
        if (e.type === 'finished' && e.id === 1) {
          signal?.removeEventListener('abort', onAbort);
          resolve();
        } else if (e.type === 'error' && e.fatal) {
          signal?.removeEventListener('abort', onAbort);
          reject(new Error(e.message));
        }
      });
      player.enqueue({ id: 1, index: 0, samples, sampleRate });
      player.end(1);
    });
  } finally {
    player.dispose();
  }
}
