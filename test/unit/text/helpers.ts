import { normalize, type Segment } from '../../../src/core/text/normalize';

/** What will be spoken: readings where given, plain text otherwise, joined without separators. */
export function spoken(text: string, languageId?: string): string {
  return normalize(text, { languageId })
    .map((s: Segment) => s.reading ?? s.text)
    .join('');
}

/** Only the fixed readings (the parts that bypass the analyser). */
export function readings(text: string): string[] {
  return normalize(text)
    .filter((s) => s.reading !== undefined)
    .map((s) => s.reading as string);
}
