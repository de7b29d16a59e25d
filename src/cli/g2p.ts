/**
 * `yomiage g2p [TEXT|-] [--jsonl] [--dict FILE]`: shows how text is read.
 * --jsonl: each stdin line → one JSON line {"text","kana","phonemes","tokens","unknown","words"} (tokens without the
 * framing zeros; words: [{"surface","reading","start","end"}], offsets in the line in UTF-16 code units).
 */
import * as fs from 'fs';
import { CliError, UsageError, opt, parseArgs, readStdin } from './args';
import { loadG2P, wordSpans } from '../core/g2p';
import { checkUserDictionary } from '../core/g2p/userDictionary';
import { parseDictionaryJson } from '../core/g2p/dictionaryFile';
import { planChunks } from '../core/pipeline/chunks';
import { escapeControls, stripControls } from '../core/text/controls';

export function readDictFile(file: string): Record<string, string> {
  let raw: string;
  try {
    raw = fs.readFileSync(file, 'utf8');
  } catch (e) {
    throw new CliError(`cannot read dictionary ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  try {
    return checkUserDictionary(parseDictionaryJson(raw, `dictionary ${file}`), `dictionary ${file}`);
  } catch (e) {
    throw new CliError((e as Error).message);
  }
}

export const command = {
  summary: 'g2p [TEXT|-] [--jsonl] [--dict FILE]: show the kana reading, phonemes and tokens of Japanese text',
  async run(argv: string[]): Promise<number> {
    const args = parseArgs(argv, ['dict'], ['jsonl']);
    if (args.positional.length > 1) throw new UsageError('g2p takes one TEXT (quote it) or - for stdin');
    const dictFile = opt(args, 'dict');
    const userDictionary = dictFile ? readDictFile(dictFile) : undefined;
    const arg = args.positional[0];
    const jsonl = args.flags.has('jsonl');
    if (jsonl && arg !== undefined && arg !== '-') throw new UsageError('--jsonl reads lines from stdin; give no TEXT or -');
    const input = arg === undefined || arg === '-' ? await readStdin() : arg;
    const g2p = await loadG2P({ userDictionary });
    if (jsonl) {
      const lines = input.split(/\r?\n/);
      if (lines[lines.length - 1] === '') lines.pop();
      const out: string[] = [];
      for (const text of lines) {
        const r = g2p.convert(text);
        const words = wordSpans(text, r.words ?? [], r.unknown);
        out.push(escapeControls(JSON.stringify({ text, kana: r.kana, phonemes: r.phonemes, tokens: r.tokens, unknown: r.unknown, words })));
      }
      process.stdout.write(out.length ? out.join('\n') + '\n' : '');
      return 0;
    }
    const text = input.replace(/\r?\n$/, '');
    if (!text.trim()) throw new CliError('no text given');
    const chunks = planChunks(text, g2p);
    if (chunks.length === 0) throw new CliError('nothing speakable in the text');
    const lines: string[] = [];
    for (const c of chunks) {
      if (chunks.length > 1) lines.push(`chunk ${c.index + 1} [${c.start}, ${c.end}): ${escapeControls(stripControls(c.text))}`);
      lines.push(`kana:     ${c.kana}`, `phonemes: ${c.phonemes}`, `tokens:   ${c.tokens.length} [${c.tokens.join(' ')}]`);
      if (c.unknown.length) lines.push(`skipped:  ${escapeControls([...new Set(c.unknown)].join(' '))}`);
    }
    process.stdout.write(lines.join('\n') + '\n');
    return 0;
  },
};
