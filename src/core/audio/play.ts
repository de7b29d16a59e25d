/** Plays mono float32 PCM on this machine's speakers and resolves when it has finished (contract). */
export async function playPcm(_samples: Float32Array, _sampleRate: number, _opts: { signal?: AbortSignal } = {}): Promise<void> {
  throw new Error('system playback not implemented yet');
}
