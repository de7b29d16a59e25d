/**
 * Framed binary protocol from the system player (parent) to its child process, over the child's stdin.
 * Frame: u32 LE length of what follows, u8 type, payload.
 *   CHUNK  (1): u32 id, u32 index, u32 sampleRate, float32 LE samples
 *   END    (2): u32 id
 *   PAUSE  (3), RESUME (4), STOP (5), CLOSE (6): no payload
 * The child answers with one JSON object per line on stdout (see `ChildMessage`).
 */

export const FrameType = { CHUNK: 1, END: 2, PAUSE: 3, RESUME: 4, STOP: 5, CLOSE: 6 } as const;

export type Frame =
  | { type: 'chunk'; id: number; index: number; sampleRate: number; samples: Float32Array }
  | { type: 'end'; id: number }
  | { type: 'pause' }
  | { type: 'resume' }
  | { type: 'stop' }
  | { type: 'close' };

/** Largest frame accepted (a chunk of 510 tokens is well under a minute of 24 kHz audio: ~6 MB). */
export const MAX_FRAME_BYTES = 64 * 1024 * 1024;

export function encodeFrame(f: Frame): Buffer {
  switch (f.type) {
    case 'chunk': {
      const body = Buffer.alloc(1 + 12 + f.samples.length * 4);
      body.writeUInt8(FrameType.CHUNK, 0);
      body.writeUInt32LE(f.id >>> 0, 1);
      body.writeUInt32LE(f.index >>> 0, 5);
      body.writeUInt32LE(f.sampleRate >>> 0, 9);
      for (let i = 0; i < f.samples.length; i++) body.writeFloatLE(f.samples[i], 13 + i * 4);
      return withLength(body);
    }
    case 'end': {
      const body = Buffer.alloc(5);
      body.writeUInt8(FrameType.END, 0);
      body.writeUInt32LE(f.id >>> 0, 1);
      return withLength(body);
    }
    default: {
      const t = { pause: FrameType.PAUSE, resume: FrameType.RESUME, stop: FrameType.STOP, close: FrameType.CLOSE }[f.type];
      return withLength(Buffer.from([t]));
    }
  }
}

function withLength(body: Buffer): Buffer {
  const head = Buffer.alloc(4);
  head.writeUInt32LE(body.length, 0);
  return Buffer.concat([head, body]);
}

/** Incremental decoder: feed it stdin data in any slicing, get whole frames back. Throws on a malformed stream. */
export class FrameDecoder {
  private buf: Buffer = Buffer.alloc(0);

  push(data: Buffer): Frame[] {
    this.buf = this.buf.length ? Buffer.concat([this.buf, data]) : data;
    const frames: Frame[] = [];
    while (this.buf.length >= 4) {
      const len = this.buf.readUInt32LE(0);
      if (len < 1 || len > MAX_FRAME_BYTES) throw new Error(`bad frame length ${len}`);
      if (this.buf.length < 4 + len) break;
      const body = this.buf.subarray(4, 4 + len);
      this.buf = this.buf.subarray(4 + len);
      frames.push(decodeBody(body));
    }
    return frames;
  }

  /** Bytes held for an incomplete frame. */
  get pending(): number {
    return this.buf.length;
  }
}

function decodeBody(body: Buffer): Frame {
  const t = body.readUInt8(0);
  switch (t) {
    case FrameType.CHUNK: {
      if (body.length < 13 || (body.length - 13) % 4 !== 0) throw new Error(`bad chunk frame of ${body.length} bytes`);
      const n = (body.length - 13) / 4;
      const samples = new Float32Array(n);
      for (let i = 0; i < n; i++) samples[i] = body.readFloatLE(13 + i * 4);
      return { type: 'chunk', id: body.readUInt32LE(1), index: body.readUInt32LE(5), sampleRate: body.readUInt32LE(9), samples };
    }
    case FrameType.END:
      if (body.length !== 5) throw new Error(`bad end frame of ${body.length} bytes`);
      return { type: 'end', id: body.readUInt32LE(1) };
    case FrameType.PAUSE:
      return { type: 'pause' };
    case FrameType.RESUME:
      return { type: 'resume' };
    case FrameType.STOP:
      return { type: 'stop' };
    case FrameType.CLOSE:
      return { type: 'close' };
    default:
      throw new Error(`unknown frame type ${t}`);
  }
}

/** Messages from the child, one JSON object per stdout line. */
export type ChildMessage =
  | { type: 'ready'; backend: string; detail?: string }
  | { type: 'unavailable'; reason: string; tried: string[] }
  | { type: 'started'; id: number; index: number; at?: number }
  | { type: 'played'; id: number; index: number }
  | { type: 'position'; id: number; index: number; offsetMs: number; estimated?: boolean; at?: number }
  | { type: 'underrun'; id: number; gapMs: number }
  | { type: 'finished'; id: number }
  | { type: 'error'; message: string; fatal: boolean };
