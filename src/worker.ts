/**
 * Worker thread entry (dist/worker.js): normalisation, G2P and ONNX inference run here, never on the extension
 * host's thread. All logic lives in core/engine/engine.ts; this file only wires it to the parent port.
 */
import { parentPort } from 'worker_threads';
import { Engine } from './core/engine/engine';
import type { HostToWorker, WorkerToHost } from './core/engine/protocol';

if (!parentPort) throw new Error('worker.js must run as a worker thread');
const port = parentPort;

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
