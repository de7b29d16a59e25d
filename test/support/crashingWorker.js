// Test-only worker entry: the real dist/worker.js, made to die right after it has posted the audio of chunk 0, and so
// between two inference runs (the engine yields to the event loop before the next run). YOMIAGE_CRASH says how:
// `exit` (process.exit(3) in the worker) or `throw` (an uncaught exception). The production worker and protocol
// know nothing of this; tests start it with `new EngineClient({ workerPath: CRASHING_WORKER, env: { YOMIAGE_CRASH } })`.
'use strict';
const path = require('path');
const { parentPort } = require('worker_threads');

const how = process.env.YOMIAGE_CRASH;
if (how !== 'exit' && how !== 'throw') throw new Error(`crashingWorker.js: YOMIAGE_CRASH must be exit or throw, not '${how}'`);
const post = parentPort.postMessage.bind(parentPort);
parentPort.postMessage = (msg, transfer) => {
  post(msg, transfer);
  if (msg && msg.type === 'audio' && msg.chunk.index === 0) {
    process.nextTick(() => {
      if (how === 'exit') process.exit(3);
      throw new Error('crashingWorker.js: deliberate uncaught exception');
    });
  }
};
require(path.join(__dirname, '..', '..', 'dist', 'worker.js'));
