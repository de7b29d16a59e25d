/**
 * Control characters and terminal escape sequences are never read aloud nor echoed raw: ESC[31m (CSI) would be
 * read as サンジューイチメートル, and an OSC or C1 sequence written back to a terminal can retitle it, hide text or
 * worse. Removed before reading: CSI (ESC [ … or U+009B …), OSC (ESC ] … BEL or ST, or U+009D …), DCS/SOS/PM/APC
 * strings, the other two-character ESC sequences, then every remaining C0 control but tab, line feed and carriage
 * return, DEL, and the C1 controls U+0080–U+009F.
 */

const SEQUENCES = new RegExp(
  [
    String.raw`(?:\x1b\[|\x9b)[0-?]*[ -/]*[@-~]`, // CSI … final byte
    String.raw`(?:\x1b\]|\x9d)[^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)`, // OSC … BEL or ST
    String.raw`(?:\x1b[PX^_]|[\x90\x98\x9e\x9f])[^\x1b\x9c]*(?:\x1b\\|\x9c)`, // DCS, SOS, PM, APC … ST
    String.raw`\x1b[ -/]*[0-~]`, // other escape sequences (charset selection, ESC c, ESC 7 …)
  ].join('|'),
  'g',
);
const CONTROLS = /[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]/g;
const ANY = /[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]/;

/** `text` without escape sequences and control characters (tab, line feed and carriage return kept). */
export function stripControls(text: string): string {
  if (!ANY.test(text)) return text;
  return text.replace(SEQUENCES, '').replace(CONTROLS, '');
}

/** `text` fit to print on a terminal: every control character but tab and line feed shown as \uXXXX. */
export function escapeControls(text: string): string {
  return text.replace(/[\x00-\x08\x0b-\x1f\x7f-\x9f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/**
 * Some input quoted in a message: JSON-quoted (controls escaped), cut to `max` characters with the full length
 * said, so a 1,000,000-character key gives one short line, not megabytes of stderr.
 */
export function quoteForMessage(text: string, max = 40): string {
  const chars = Array.from(text);
  const shown = chars.length > max ? chars.slice(0, max).join('') : text;
  const q = escapeControls(JSON.stringify(shown));
  return chars.length > max ? `${q.slice(0, -1)}…" (${chars.length} characters)` : q;
}

/** A message from elsewhere (a parser's) that may quote input: controls escaped, cut to `max` characters. */
export function cutMessage(message: string, max = 200): string {
  const m = escapeControls(message);
  return m.length > max ? `${m.slice(0, max)}…` : m;
}
