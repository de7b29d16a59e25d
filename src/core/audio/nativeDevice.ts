/**
 * The real AudioDevice: the prebuilt N-API output addon of `@echogarden/audio-io` (ALSA on Linux, Core Audio on
 * macOS, MME on Windows), loaded ONLY in the player child process. The addon runs its own output thread and calls
 * back on the main thread for each buffer (Int16, zeroed). Which file serves which platform, and the buffer size per
 * platform, are data (nativeAudio.json, also read by scripts/package.js, which ships only the target's file).
 *
 * In a VSIX the one addon of the target sits in dist/audio/ next to the bundles; in the repository it is loaded from
 * node_modules.
 */
import * as fs from 'fs';
import * as path from 'path';
import type { AudioDevice, FillCallback, OpenDevice } from './device';
import table from './nativeAudio.json';

interface Addon {
  createAudioOutput(config: { sampleRate: number; channelCount: number; bufferDuration: number }, handler: (b: Int16Array) => void): Promise<{ dispose(): void }>;
}

/** The addon file of a platform-arch, or undefined where none ships. */
export function addonFile(platform: string = process.platform, arch: string = process.arch): string | undefined {
  return (table.addons as Record<string, string>)[`${platform}-${arch}`];
}

/** Where the addon of this machine is: dist/audio/ (packaged) or node_modules (repository). */
export function addonPath(file: string, here = __dirname): string | undefined {
  const candidates = [path.join(here, 'audio', file)];
  try {
    candidates.push(path.join(path.dirname(require.resolve(`${table.package}/package.json`)), table.folder, file));
  } catch {
    /* not installed: only the packaged location */
  }
  return candidates.find((p) => fs.existsSync(p));
}

export function bufferMs(platform: string = process.platform): number {
  return (table.bufferMs as Record<string, number>)[platform] ?? 20;
}

/** How long the probe watches the device ask in real time before trusting it (0: no check). Linux only: through
 * ALSA's pulse plugin a sink that renders in long blocks takes two buffers and then waits up to 2 s (README). */
export function realTimeCheckMs(platform: string = process.platform): number {
  return (table.realTimeCheckMs as Record<string, number>)[platform] ?? 0;
}

/** The native output, or the reason it cannot be used here (no addon for this platform, or it does not load). */
export function nativeAudioDevice(): { device: AudioDevice | null; reason: string } {
  const file = addonFile();
  if (!file) return { device: null, reason: `native: no audio addon for ${process.platform}-${process.arch}` };
  const p = addonPath(file);
  if (!p) return { device: null, reason: `native: ${file} is missing` };
  let addon: Addon;
  try {
    addon = require(p) as Addon; // a runtime path: esbuild leaves this require to Node

  } catch (e) {
    return { device: null, reason: `native: ${(e as Error).message.split('\n')[0]}` };
  }
  const ms = bufferMs();
  const device: AudioDevice = {
    name: 'native',
    async open(rate: number, channels: number, callback: FillCallback): Promise<OpenDevice> {
      const out = await addon.createAudioOutput({ sampleRate: rate, channelCount: channels, bufferDuration: ms }, callback);
      let closed = false;
      return {
        bufferFrames: Math.floor((ms / 1000) * rate),
        close: async () => {
          if (closed) return;
          closed = true;
          out.dispose();
        },
      };
    },
  };
  return { device, reason: '' };
}
