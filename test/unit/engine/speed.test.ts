/** The one speed range: what settings, the CLI and the worker accept. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { clampSpeed, isValidSpeed } from '../../../src/core/engine/speed';

test('clampSpeed brings any number into 0.5–2 and turns a non-number into 1', () => {
  assert.deepEqual([0.1, 0.5, 1.3, 2, 7, -1].map(clampSpeed), [0.5, 0.5, 1.3, 2, 2, 0.5]);
  assert.equal(clampSpeed(NaN), 1);
  assert.equal(clampSpeed(Infinity), 1);
});

test('isValidSpeed accepts exactly the range, ends included', () => {
  assert.deepEqual([0.49, 0.5, 1, 2, 2.01, NaN].map(isValidSpeed), [false, true, true, true, false, false]);
});
