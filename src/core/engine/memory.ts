/**
 * Resident memory split by kind, from /proc/self/status (Linux; undefined elsewhere): anonymous memory (heaps,
 * buffers) and file-backed pages (mapped code of the process and its native libraries, e.g. onnxruntime's; once
 * touched they stay resident for the life of the process and cannot be handed back by unloading a session).
 */
import * as fs from 'fs';

export interface RssParts {
  anonMb: number;
  fileMb: number;
}

export function rssParts(): RssParts | undefined {
  let status: string;
  try {
    status = fs.readFileSync('/proc/self/status', 'utf8');
  } catch {
    return undefined;
  }
  const kb = (key: string) => {
    const m = new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status);
    return m ? Number(m[1]) / 1024 : NaN;
  };
  const anonMb = kb('RssAnon');
  const fileMb = kb('RssFile') + kb('RssShmem');
  return Number.isFinite(anonMb) && Number.isFinite(fileMb) ? { anonMb, fileMb } : undefined;
}
