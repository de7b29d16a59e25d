/**
 * The addon boundary of the native audio output: a device that asks for samples. The real one wraps a prebuilt N-API
 * addon (nativeDevice.ts); tests drive the same engine through a fake one. Nothing here loads native code.
 */

/** Fills `buffer` (interleaved signed 16-bit samples, already zeroed) with the next samples to play. */
export type FillCallback = (buffer: Int16Array) => void;

export interface OpenDevice {
  /** Frames per callback buffer: what one callback hands over. */
  readonly bufferFrames: number;
  /** Stops asking; resolves when the device is released. */
  close(): Promise<void>;
}

export interface AudioDevice {
  /** Human-readable name of the output (for `backend` in messages and --stats). */
  readonly name: string;
  /**
   * Opens the output for `rate` Hz, `channels` channels. `callback` runs on this process's main thread each time the
   * device wants more; it must not block. Rejects when there is no usable device.
   */
  open(rate: number, channels: number, callback: FillCallback): Promise<OpenDevice>;
}
