/**
 * Worker thread entry (dist/worker.js): normalisation, G2P and ONNX inference run here, never on the extension
 * host's thread. All logic lives in core/engine/engine.ts; this file only wires it to the parent port.
 */
import * as os from 'os';
import { parentPort } from 'worker_threads';
import { Engine } from './core/engine/engine';
import type { HostToWorker, WorkerToHost } from './core/engine/protocol';

if (!parentPort) throw new Error('worker.js must run as a worker thread');
const port = parentPort;
// Synthesis yields the CPU to playback: on Linux the nice value is per thread, so this lowers this worker thread and
// the onnxruntime threads it starts, not the host. Measured on this 2-core machine: without it, `say` readings had
// 30-70 ms silences in the recorded sink audio in 2 of 3 runs (the player starved while a chunk was synthesised);
// with it, none in 5. (Elsewhere the priority is per process, which would slow the whole host: left alone.)
if (process.platform === 'linux') {
  try {
    os.setPriority(0, 10);
  } catch {
    /* not permitted: run at normal priority */
  }
}

const engine = new Engine({
  post: (msg: WorkerToHost, transfer?: ArrayBuffer[]) => port.postMessage(msg, transfer),
  exit: (code: number) => process.exit(code),
});

port.on('message', (msg: HostToWorker) => {
  try {
    engine.handle(msg);
  } catch (e) {
    port.postMessage({ type: 'error', id: null, code: 'internal', message: `Speech engine error: ${(e as Error).message}` } satisfies WorkerToHost);
  }
});
port.postMessage({ type: 'ready' } satisfies WorkerToHost);
