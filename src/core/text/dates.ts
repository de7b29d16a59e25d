/** Numeric dates (2026/11/23, 2026-11-23) and clock times (10:30, 9:05:07) → katakana readings. */
import { applyCounter, readInteger } from './numbers';

export interface ReadPiece {
  text: string;
  reading: string;
}

/** Reads year (optional: '' for none), month and day as 年, 月, 日 (calendar form: 1日 ツイタチ); undefined if not a valid date. */
export function readDate(y: string, m: string, d: string): ReadPiece[] | undefined {
  const mo = Number(m);
  const da = Number(d);
  if (mo < 1 || mo > 12 || da < 1 || da > 31) return undefined;
  const ms = String(mo);
  const ds = String(da);
  const out: ReadPiece[] = y ? [{ text: y, reading: applyCounter(readInteger(y), y, '年') }] : [];
  out.push({ text: m, reading: applyCounter(readInteger(ms), ms, '月') });
  out.push({ text: d, reading: applyCounter(readInteger(ds), ds, '日', true) });
  return out;
}

/**
 * Reads a clock time. Minutes use ジュップン/サンジュップン (the spoken form most speakers and NHK's current
 * guidance prefer over the older ジップン); :00 minutes are not read (10:00 ジュージ). 0 o'clock is レージ.
 */
export function readTime(h: string, m: string, s?: string): ReadPiece[] | undefined {
  const hh = Number(h);
  const mm = Number(m);
  const ss = s === undefined ? 0 : Number(s);
  if (hh > 48 || mm > 59 || ss > 59) return undefined;
  const hs = String(hh);
  const out: ReadPiece[] = [{ text: h, reading: hh === 0 ? 'レージ' : applyCounter(readInteger(hs), hs, '時') }];
  if (mm || (s !== undefined && ss)) {
    const ms = String(mm);
    out.push({ text: ':' + m, reading: mm ? applyCounter(readInteger(ms), ms, '分') : 'レーフン' });
  }
  if (s !== undefined && ss) {
    const st = String(ss);
    out.push({ text: ':' + s, reading: applyCounter(readInteger(st), st, '秒') });
  }
  return out;
}
