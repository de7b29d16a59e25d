/**
 * Keeps a source range valid while the document is edited during reading, so the follow-along highlight
 * stays on the sentence being read. Offsets are UTF-16 code units, like VS Code's document offsets.
 */
export interface OffsetRange {
  start: number;
  end: number;
}

/** One replacement in the document: `rangeLength` units at `offset` replaced by `text`. */
export interface TextEdit {
  offset: number;
  rangeLength: number;
  text: string;
}

/**
 * Maps `r` through one edit. Edits entirely before the range shift it; edits inside it grow or shrink it;
 * an edit that overlaps a boundary clamps the boundary to the edit. Returns undefined when the range is deleted.
 */
export function mapRange(r: OffsetRange, e: TextEdit): OffsetRange | undefined {
  const editEnd = e.offset + e.rangeLength;
  const delta = e.text.length - e.rangeLength;
  const mapPoint = (p: number, isEnd: boolean): number => {
    if (p === e.offset && e.rangeLength === 0) return isEnd ? p : p + delta; // pure insertion at a boundary stays outside
    if (p <= e.offset) return p; // before the edit
    if (p >= editEnd) return p + delta; // after the edit
    return isEnd ? e.offset + e.text.length : e.offset; // inside the replaced text: clamp to the edit
  };
  if (e.offset <= r.start && editEnd >= r.end && e.rangeLength > 0) return undefined; // the whole range was replaced
  const start = mapPoint(r.start, false);
  const end = mapPoint(r.end, true);
  return end > start ? { start, end } : undefined;
}

/** Maps a range through several edits that VS Code reports for one change (applied from the last to the first). */
export function mapRangeThrough(r: OffsetRange, edits: readonly TextEdit[]): OffsetRange | undefined {
  // VS Code's contentChanges refer to the document before the change and do not overlap; applying them
  // from the highest offset down keeps every offset valid.
  const sorted = [...edits].sort((a, b) => b.offset - a.offset);
  let cur: OffsetRange | undefined = r;
  for (const e of sorted) {
    if (!cur) return undefined;
    cur = mapRange(cur, e);
  }
  return cur;
}
