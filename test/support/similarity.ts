/**
 * The similarity used by the misaki parity tool (/work/shared/tools/misaki-parity) and the technical reading set:
 * 1 − Levenshtein distance / length of the longer string, whitespace and punctuation ignored.
 */

/** Drops whitespace, Unicode punctuation (category P) and the quote marks misaki emits. */
export function normaliseForScore(s: string): string {
  return Array.from(s)
    .filter((c) => !/\s/u.test(c) && !/\p{P}/u.test(c) && !'«»“”'.includes(c))
    .join('');
}

export function levenshtein(a: string[], b: string[]): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) cur.push(Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1)));
    prev = cur;
  }
  return prev[b.length];
}

export function similarity(hyp: string, want: string): number {
  const a = Array.from(normaliseForScore(hyp));
  const b = Array.from(normaliseForScore(want));
  return 1 - levenshtein(a, b) / Math.max(a.length, b.length, 1);
}
