/**
 * A text → the chunks sent to a VOICEVOX-compatible engine, one request each: sentences (the project's splitter,
 * with UTF-16 offsets into the text), a long sentence cut at its clauses so that no request carries more than
 * about MAX_CHARS characters. Spans with nothing to pronounce are left out: nothing is left of them once turned into
 * the text sent (`spoken`: a code fence or a rule in Markdown, only symbols or spaces). Chunk offsets and text
 * stay those of the source (the highlight). No `vscode`.
 */
import type { ChunkInfo } from '../protocol';
import { splitClauses, splitSentences, type Span } from '../../text/split';
import { stripControls } from '../../text/controls';

const MAX_CHARS = 200;
const SPEAKABLE = /[\p{L}\p{N}]/u;

export function planSentences(text: string, spoken: (chunk: string) => string = (s) => s): ChunkInfo[] {
  const spans: Span[] = [];
  for (const s of splitSentences(text)) {
    if (s.end - s.start <= MAX_CHARS) {
      spans.push(s);
      continue;
    }
    // join clauses while they fit, so a long sentence becomes as few requests as possible
    let cur: Span | undefined;
    for (const c of splitClauses(text, s)) {
      if (cur && c.end - cur.start <= MAX_CHARS) cur = { start: cur.start, end: c.end };
      else {
        if (cur) spans.push(cur);
        cur = c;
      }
    }
    if (cur) spans.push(cur);
  }
  return spans
    .filter((s) => SPEAKABLE.test(spoken(text.slice(s.start, s.end))))
    .map((s, index) => ({ index, start: s.start, end: s.end, text: stripControls(text.slice(s.start, s.end)) }));
}
