/**
 * Readings that depend on context (heteronyms): 今日では コンニチ but 今日は キョー, 分別ゴミ ブンベツ but 分別のある
 * フンベツ, 一月ほど ヒトツキ but 一月に イチガツ. The rules are data (context-rules.json); each names a run of
 * consecutive analyser tokens and the reading of each, and the context that selects it:
 * - `after` / `before`: a pattern on the text right after the run / right before it (a few tokens' surfaces);
 * - `nextPos` / `prevPos`: a pattern on the next / previous token's "part of speech,detail,detail,base form".
 * The first rule that matches wins; without a match the analyser's own reading stands.
 */
import type { Token } from './reading';
import data from './context-rules.json';

interface RuleData {
  tokens: string[];
  readings: string[];
  after?: string;
  before?: string;
  nextPos?: string;
  prevPos?: string;
}

interface Rule {
  tokens: string[];
  readings: string[];
  after?: RegExp;
  before?: RegExp;
  nextPos?: RegExp;
  prevPos?: RegExp;
}

/** How much text around a run the `after` and `before` patterns see. */
const WINDOW = 12;

function compile(r: RuleData, i: number): Rule {
  if (!Array.isArray(r.tokens) || !Array.isArray(r.readings) || r.tokens.length === 0 || r.tokens.length !== r.readings.length) {
    throw new Error(`context-rules.json rule ${i}: tokens and readings must be lists of the same length`);
  }
  const re = (s: string | undefined) => (s === undefined ? undefined : new RegExp(s, 'u'));
  return { tokens: r.tokens, readings: r.readings, after: re(r.after), before: re(r.before), nextPos: re(r.nextPos), prevPos: re(r.prevPos) };
}

export const CONTEXT_RULES: Rule[] = (data as { rules: RuleData[] }).rules.map(compile);

/** Rules by each surface they cover, for a quick look-up per token. */
const BY_SURFACE = new Map<string, Array<{ rule: Rule; index: number }>>();
for (const rule of CONTEXT_RULES) {
  rule.tokens.forEach((s, index) => {
    const list = BY_SURFACE.get(s) ?? [];
    list.push({ rule, index });
    BY_SURFACE.set(s, list);
  });
}

function posOf(t: Token | undefined): string {
  return t ? `${t.pos},${t.pos_detail_1},${t.pos_detail_2},${t.basic_form}` : '';
}

function textAfter(t: Token | undefined): string {
  let s = '';
  for (let n = t; n && s.length < WINDOW; n = n.next) s += n.surface_form;
  return s;
}

function textBefore(t: Token | undefined): string {
  let s = '';
  for (let p = t; p && s.length < WINDOW; p = p.prev) s = p.surface_form + s;
  return s;
}

function matches(rule: Rule, first: Token, last: Token): boolean {
  if (rule.after && !rule.after.test(textAfter(last.next))) return false;
  if (rule.before && !rule.before.test(textBefore(first.prev))) return false;
  if (rule.nextPos && !rule.nextPos.test(posOf(last.next))) return false;
  if (rule.prevPos && !rule.prevPos.test(posOf(first.prev))) return false;
  return true;
}

/** The context reading of token `t` (katakana), or undefined when no rule applies. */
export function contextReading(t: Token): string | undefined {
  const candidates = BY_SURFACE.get(t.surface_form);
  if (!candidates) return undefined;
  for (const { rule, index } of candidates) {
    let first: Token | undefined = t;
    for (let k = index; k > 0 && first; k--) first = first.prev;
    let last: Token | undefined = t;
    for (let k = index; k < rule.tokens.length - 1 && last; k++) last = last.next;
    if (!first || !last) continue;
    let ok = true;
    let n: Token | undefined = first;
    for (const s of rule.tokens) {
      if (!n || n.surface_form !== s) {
        ok = false;
        break;
      }
      n = n.next;
    }
    if (ok && matches(rule, first, last)) return rule.readings[index];
  }
  return undefined;
}
