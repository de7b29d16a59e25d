/**
 * G2P figures for `npm run bench`: dictionary load time and memory, and the time to read a typical paragraph
 * after warm-up. Not used by tests (no timings in unit tests).
 */
import { loadG2P, type G2POptions } from './index';

/** A typical 300-character paragraph of technical prose (kanji, kana, katakana loanwords, punctuation). */
export const SAMPLE_PARAGRAPH =
  'この拡張機能は、エディタで選択した日本語のテキストを読み上げます。音声の合成はすべてローカルで行われ、' +
  'インターネットに接続する必要はありません。初めて使うときは、設定画面から声の種類と話す速さを選んでください。' +
  '長い文章は文の区切りで自動的に分割され、読んでいる部分がエディタ上で強調表示されます。読み上げを止めたいときは、' +
  'エスケープキーを押すか、ステータスバーの停止ボタンをクリックしてください。専門用語や人名の読み方が違う場合は、' +
  'ユーザー辞書に登録すると正しく読まれるようになります。問題が起きたときは、出力パネルのログを確認してください。';

export interface G2PMeasurement {
  /** Time to load the analyser (the flat IPADIC file), in ms. */
  loadMs: number;
  /** Resident memory before and after loading, in MiB. */
  rssBeforeMb: number;
  rssAfterMb: number;
  /** Characters in the measured paragraph. */
  chars: number;
  /** Mean time of one conversion after warm-up, in ms (wall clock). */
  convertMs: number;
  /** The same in CPU time of this process (less sensitive to a busy machine), in ms. */
  convertCpuMs: number;
}

export async function measureG2P(opts: G2POptions = {}, paragraph = SAMPLE_PARAGRAPH, rounds = 200, warmup = 50): Promise<G2PMeasurement> {
  const rssBeforeMb = process.memoryUsage().rss / 2 ** 20;
  const t0 = performance.now();
  const g2p = await loadG2P(opts);
  const loadMs = performance.now() - t0;
  const rssAfterMb = process.memoryUsage().rss / 2 ** 20;
  for (let i = 0; i < warmup; i++) g2p.convert(paragraph);
  const c1 = process.cpuUsage();
  const t1 = performance.now();
  for (let i = 0; i < rounds; i++) g2p.convert(paragraph);
  const convertMs = (performance.now() - t1) / rounds;
  const cpu = process.cpuUsage(c1);
  const convertCpuMs = (cpu.user + cpu.system) / 1000 / rounds;
  return { loadMs, rssBeforeMb, rssAfterMb, chars: paragraph.length, convertMs, convertCpuMs };
}
