/** Test helper: an AudioDevice driven by hand. Each `pull()` is one request of the device for a buffer of samples;
 * what the engine handed over is kept, so a test can compare the device's output sample by sample. */
import type { AudioDevice, FillCallback, OpenDevice } from '../../../src/core/audio/device';

export class FakeDevice implements AudioDevice {
  readonly name = 'fake';
  private callback: FillCallback | null = null;
  /** Everything the device was handed, silence included. */
  readonly output: number[] = [];
  opens = 0;
  closes = 0;
  /** When set, open() rejects with it. */
  refuse: string | null = null;

  constructor(readonly bufferFrames = 480) {}

  async open(_rate: number, channels: number, callback: FillCallback): Promise<OpenDevice> {
    if (this.refuse) throw new Error(this.refuse);
    if (channels !== 1) throw new Error(`fake device: ${channels} channels`);
    this.opens++;
    this.callback = callback;
    // Like a real output with an empty buffer: it asks at once.
    setImmediate(() => this.callback === callback && this.pull(1));
    return {
      bufferFrames: this.bufferFrames,
      close: async () => {
        this.closes++;
        this.callback = null;
      },
    };
  }

  get isOpen(): boolean {
    return this.callback !== null;
  }

  /** The device asks for `buffers` buffers, one after another. */
  pull(buffers = 1): void {
    for (let i = 0; i < buffers; i++) {
      if (!this.callback) throw new Error('fake device is not open');
      const b = new Int16Array(this.bufferFrames);
      this.callback(b);
      for (const v of b) this.output.push(v);
    }
  }
}

/** A chunk whose samples count up from `from` (as int16), so order, loss and repetition are visible. */
export function ramp(from: number, n: number): Float32Array {
  const f = new Float32Array(n);
  for (let i = 0; i < n; i++) f[i] = (from + i) / 0x7fff;
  return f;
}
