/**
 * A reader that stops early (`yomiage g2p --jsonl … | head -1`) closes the pipe; the next write fails with EPIPE.
 * That is the reader's choice, not an error of ours: the command ends at once, quietly, with the exit code it
 * has so far (no stack trace, no "write EPIPE" line). Temporary files are removed by the exit handlers.
 */
export function endQuietlyWhenOutputCloses(): void {
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (e: NodeJS.ErrnoException) => {
      if (e.code !== 'EPIPE') throw e;
      process.exit(typeof process.exitCode === 'number' ? process.exitCode : 0);
    });
  }
}
