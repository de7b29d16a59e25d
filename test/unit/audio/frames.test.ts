import { test } from 'node:test';
import assert from 'node:assert/strict';
import { encodeFrame, FrameDecoder, Frame } from '../../../src/core/audio/frames';

const frames: Frame[] = [
  { type: 'chunk', id: 3, index: 0, sampleRate: 24000, samples: new Float32Array([0.5, -1, 0.25, 0]) },
  { type: 'pause' },
  { type: 'resume' },
  { type: 'chunk', id: 3, index: 1, sampleRate: 22050, samples: new Float32Array([]) },
  { type: 'end', id: 3 },
  { type: 'stop' },
  { type: 'close' },
];

test('frames survive any slicing of the byte stream', () => {
  const bytes = Buffer.concat(frames.map(encodeFrame));
  for (const step of [1, 3, 7, bytes.length]) {
    const d = new FrameDecoder();
    const got: Frame[] = [];
    for (let i = 0; i < bytes.length; i += step) got.push(...d.push(bytes.subarray(i, i + step)));
    assert.equal(d.pending, 0);
    assert.equal(got.length, frames.length);
    const c = got[0] as Extract<Frame, { type: 'chunk' }>;
    assert.deepEqual([c.id, c.index, c.sampleRate], [3, 0, 24000]);
    assert.deepEqual([...c.samples], [0.5, -1, 0.25, 0]);
    assert.deepEqual(got.map((f) => f.type), ['chunk', 'pause', 'resume', 'chunk', 'end', 'stop', 'close']);
    assert.equal((got[3] as Extract<Frame, { type: 'chunk' }>).sampleRate, 22050);
    assert.equal((got[4] as Extract<Frame, { type: 'end' }>).id, 3);
  }
});

test('an incomplete frame waits for the rest', () => {
  const b = encodeFrame({ type: 'end', id: 9 });
  const d = new FrameDecoder();
  assert.deepEqual(d.push(b.subarray(0, 6)), []);
  assert.equal(d.pending, 6);
  assert.deepEqual(d.push(b.subarray(6)), [{ type: 'end', id: 9 }]);
});

test('malformed streams are refused with a specific error', () => {
  assert.throws(() => new FrameDecoder().push(Buffer.from([0, 0, 0, 0])), /bad frame length 0/);
  assert.throws(() => new FrameDecoder().push(Buffer.from([1, 0, 0, 0, 99])), /unknown frame type 99/);
  assert.throws(() => new FrameDecoder().push(Buffer.from([2, 0, 0, 0, 2, 1])), /bad end frame/);
  assert.throws(() => new FrameDecoder().push(Buffer.from([0xff, 0xff, 0xff, 0x7f])), /bad frame length/);
});
