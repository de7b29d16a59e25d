/**
 * `yomiage download [--variant ID] [--voice ID]... [--manifest FILE] [--dest DIR] [--proxy URL] [--no-strict-ssl]`
 * Fetches the model variant and voices into DEST (default: $YOMIAGE_HOME or ~/.cache/yomiage), verified.
 * Progress: a bar on a TTY, plain lines otherwise (stderr). Exit 0 when every file is verified, 1 otherwise.
 */
import {
  activeManifest,
  cacheDir,
  DownloadError,
  ensureAssets,
  EnsureProgress,
  loadManifest,
  Manifest,
  ManifestError,
  parseProxy,
  resolveVariant,
  resolveVoice,
} from '../core/model';
import { CliError, opt, parseArgs, UsageError } from './args';

const mb = (n: number) => (n / 1e6).toFixed(1);

function ttyReporter(out: NodeJS.WriteStream) {
  let last = '';
  return {
    progress(p: EnsureProgress) {
      const width = 24;
      const frac = p.total > 0 ? Math.min(1, p.received / p.total) : 0;
      const bar = '#'.repeat(Math.round(frac * width)).padEnd(width, '-');
      const what = p.phase === 'waiting' ? 'waiting for another process' : p.phase;
      const line = `[${bar}] ${(frac * 100).toFixed(0).padStart(3)}% ${mb(p.received)}/${mb(p.total)} MB ${mb(p.bytesPerSecond)} MB/s ${p.file} (${p.index}/${p.count}, ${what})`;
      if (line !== last) out.write(`\r${line.slice(0, (out.columns || 120) - 1)}\x1b[K`);
      last = line;
    },
    line(s: string) {
      out.write(`\r\x1b[K${s}\n`);
    },
    end() {
      if (last) out.write('\r\x1b[K');
    },
  };
}

function plainReporter(out: NodeJS.WritableStream) {
  const shown = new Map<string, number>();
  return {
    progress(p: EnsureProgress) {
      if (!shown.has(p.file)) {
        shown.set(p.file, -1);
        const size = p.fileTotal ?? p.total;
        out.write(`${p.file}: ${p.phase === 'waiting' ? 'another process is downloading it' : 'downloading'} (${mb(size)} MB, file ${p.index} of ${p.count})\n`);
      }
      if (p.phase === 'downloading' || p.phase === 'waiting') {
        const pct = p.fileTotal ? Math.floor((p.fileReceived / p.fileTotal) * 10) * 10 : 0;
        if ((shown.get(p.file) ?? -1) >= pct) return;
        shown.set(p.file, pct);
        out.write(`${p.file}: ${pct}% ${mb(p.fileReceived)}/${p.fileTotal ? mb(p.fileTotal) : '?'} MB ${mb(p.bytesPerSecond)} MB/s\n`);
      } else if (p.phase === 'done' && shown.get(p.file) !== 1000) {
        shown.set(p.file, 1000);
        out.write(`${p.file}: verified (${mb(p.fileReceived)} MB)\n`);
      }
    },
    line(s: string) {
      out.write(`${s}\n`);
    },
    end() {},
  };
}

export const command = {
  summary: 'download the model variant and voices into the cache, verified',
  async run(argv: string[]): Promise<number> {
    const args = parseArgs(argv, ['variant', 'voice', 'manifest', 'dest', 'proxy'], ['no-strict-ssl']);
    if (args.positional.length) throw new UsageError(`download takes no positional arguments (got ${args.positional.join(' ')})`);
    let manifest: Manifest;
    const manifestFile = opt(args, 'manifest');
    try {
      manifest = manifestFile ? loadManifest(manifestFile) : activeManifest();
    } catch (e) {
      throw new CliError((e as Error).message);
    }
    const variant = opt(args, 'variant');
    const voices = args.options.get('voice') ?? [manifest.defaultVoice];
    try {
      resolveVariant(manifest, variant);
      voices.forEach((v) => resolveVoice(manifest, v));
    } catch (e) {
      if (e instanceof ManifestError) throw new UsageError(e.message);
      throw e;
    }
    const proxy = opt(args, 'proxy');
    if (proxy) {
      try {
        parseProxy(proxy);
      } catch (e) {
        throw new UsageError(`--proxy: ${(e as Error).message}`);
      }
    }
    const dest = opt(args, 'dest') ?? cacheDir();
    const err = process.stderr;
    const rep = err.isTTY ? ttyReporter(err) : plainReporter(err);
    const controller = new AbortController();
    const onSigint = () => controller.abort();
    process.once('SIGINT', onSigint);
    try {
      const res = await ensureAssets({
        manifest,
        variant,
        voices,
        dest,
        signal: controller.signal,
        proxy,
        strictSSL: !args.flags.has('no-strict-ssl'),
        onProgress: (p) => rep.progress(p),
        onEvent: (e) => rep.line(`${e.file}: ${e.message}`),
      });
      rep.end();
      for (const f of res.files) {
        const how = f.result.status === 'cached' ? 'already present' : f.result.status === 'waited' ? 'downloaded by another process' : 'downloaded';
        const src = f.result.hashSource === 'manifest' ? 'sha256 matches manifest' : 'sha256 recorded on first download (none published)';
        process.stdout.write(`${f.path}\t${how}, ${f.result.size} bytes, ${src}\n`);
      }
      return 0;
    } catch (e) {
      rep.end();
      if (e instanceof DownloadError) {
        if (e.code === 'cancelled') throw new CliError(`cancelled; the partial download stays in ${dest} and resumes next time`);
        throw new CliError(e.message);
      }
      if (e instanceof ManifestError) throw new CliError(e.message);
      throw e;
    } finally {
      process.removeListener('SIGINT', onSigint);
    }
  },
};
