/** Control characters and terminal escape sequences: removed before reading, never echoed raw, messages cut. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cutMessage, escapeControls, quoteForMessage, stripControls } from '../../../src/core/text/controls';
import { normalize } from '../../../src/core/text/normalize';

test('CSI, OSC, DCS and other escape sequences and C0/C1 controls are removed; tab and line breaks stay', () => {
  assert.equal(stripControls('\x1b[31m赤\x1b[0m'), '赤');
  assert.equal(stripControls('\x1b[1;2H\x1b[?25l青'), '青');
  assert.equal(stripControls('\x9b31m赤\x9b0m'), '赤', 'the one-character C1 CSI');
  assert.equal(stripControls('あ\x1b]0;window title\x07い'), 'あい', 'OSC ended by BEL');
  assert.equal(stripControls('あ\x1b]8;;https://example.com\x1b\\リンク\x1b]8;;\x1b\\い'), 'あリンクい', 'OSC 8 hyperlink, ended by ST');
  assert.equal(stripControls('あ\x9d0;title\x9cい'), 'あい', 'C1 OSC … C1 ST');
  assert.equal(stripControls('あ\x1bP1$r0m\x1b\\い'), 'あい', 'DCS string');
  assert.equal(stripControls('あ\x1b(Bい\x1bcう\x1b7え'), 'あいうえ', 'charset selection, reset, save cursor');
  assert.equal(stripControls('a\x00b\x07c\x08d\x7fe\x85f'), 'abcdef');
  assert.equal(stripControls('一\t二\n三\r\n四'), '一\t二\n三\r\n四');
  assert.equal(stripControls('plain 日本語'), 'plain 日本語');
});

test('the normaliser reads no escape code (ESC[31m is not サンジューイチメートル)', () => {
  const segs = normalize('\x1b[31m31m\x1b[0mです');
  assert.deepEqual(segs.map((s) => s.text).join(''), '31mです');
  const colour = normalize('\x1b[31m赤\x1b[0mです');
  assert.deepEqual(colour, [{ text: '赤です' }]);
});

test('escapeControls shows controls as \\uXXXX; quoteForMessage cuts long input and says how long it was', () => {
  assert.equal(escapeControls('a\x1b[31mb\x9bc\td\ne'), 'a\\u001b[31mb\\u009bc\td\ne');
  assert.equal(quoteForMessage('傘'), '"傘"');
  const long = quoteForMessage('あ'.repeat(1_000_000));
  assert.ok(long.length < 80, long);
  assert.match(long, /^"あ{40}…" \(1000000 characters\)$/);
  assert.equal(quoteForMessage('\x1b[2J'), '"\\u001b[2J"');
  assert.equal(cutMessage('x'.repeat(500)).length, 201);
});
