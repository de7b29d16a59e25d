/**
 * Child process of the system player (bundled to dist/player.js). Reads frames (./frames.ts) on stdin, plays them
 * through the first backend that passes a real probe, and reports JSON lines on stdout:
 * ready/unavailable, then started/played/finished from measured timing, and error.
 *
 * Arguments: --backends=a,b,c  (order to try; default: platform order)   --without=a,b   --probe-only
 */
import { Frame, FrameDecoder, ChildMessage } from './frames';
import { Backend, BackendName, BACKEND_NAMES, defaultOrder, probeBackend, resolveBackend } from './backends';
import { Engine, FileEngine, StreamEngine } from './engines';
import { DeviceEngine, startDeviceEngine } from './deviceEngine';
import { realTimeCheckMs } from './nativeDevice';

function send(m: ChildMessage): void {
  process.stdout.write(JSON.stringify(m) + '\n');
}

function parseList(argv: string[], flag: string): BackendName[] | null {
  const a = argv.find((x) => x.startsWith(`--${flag}=`));
  if (!a) return null;
  const names = a.slice(flag.length + 3).split(',').map((s) => s.trim()).filter(Boolean);
  for (const n of names) if (!BACKEND_NAMES.includes(n as BackendName)) throw new Error(`unknown backend ${n}`);
  return names as BackendName[];
}

/** A device backend is probed by opening it; the open device is kept for playing (`engine`). */
const opened = new Map<Backend, DeviceEngine>();

/** Probes the candidates in order; returns the first usable one and the reasons the others were refused. */
async function pickBackend(order: BackendName[], tried: string[]): Promise<Backend | null> {
  for (const name of order) {
    const { backend, reason } = resolveBackend(name);
    if (!backend) {
      tried.push(reason);
      continue;
    }
    if (backend.kind === 'device') {
      try {
        opened.set(backend, await startDeviceEngine(backend.device, send, 5000, { realTimeCheckMs: realTimeCheckMs() }));
        return backend;
      } catch (e) {
        tried.push((e as Error).message);
        continue;
      }
    }
    const why = await probeBackend(backend);
    if (why) {
      tried.push(why);
      continue;
    }
    return backend;
  }
  return null;
}

function makeEngine(b: Backend): Engine {
  if (b.kind === 'device') {
    const e = opened.get(b) ?? new DeviceEngine(b.device, send);
    opened.delete(b);
    return e;
  }
  return b.kind === 'stream' ? new StreamEngine(b, send) : new FileEngine(b, send);
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const without = new Set(parseList(argv, 'without') ?? []);
  let order = (parseList(argv, 'backends') ?? defaultOrder()).filter((n) => !without.has(n));
  const tried: string[] = [];

  // Frames may arrive while probing: keep them.
  const early: Frame[] = [];
  let engine: Engine | null = null;
  const decoder = new FrameDecoder();
  let closing = false;
  const shutdown = () => {
    if (closing) return;
    closing = true;
    engine?.dispose();
    // Let the last stdout lines flush.
    setTimeout(() => process.exit(0), 20);
  };
  const handle = (f: Frame) => {
    if (f.type === 'close') return shutdown();
    if (!engine) return void early.push(f);
    switch (f.type) {
      case 'chunk':
        return engine.chunk(f);
      case 'end':
        return engine.end(f.id);
      case 'pause':
        return engine.pause();
      case 'resume':
        return engine.resume();
      case 'stop':
        return engine.stop();
    }
  };
  process.stdin.on('data', (d: Buffer) => {
    let frames: Frame[];
    try {
      frames = decoder.push(d);
    } catch (e) {
      send({ type: 'error', message: `player protocol: ${(e as Error).message}`, fatal: true });
      return shutdown();
    }
    for (const f of frames) handle(f);
  });
  process.stdin.on('end', shutdown);

  const backend = await pickBackend(order, tried);
  if (!backend) {
    send({ type: 'unavailable', reason: tried.length ? tried.join('; ') : 'no audio player for this platform', tried });
    return shutdown();
  }
  send({ type: 'ready', backend: backend.name, detail: tried.length ? `skipped: ${tried.join('; ')}` : undefined });
  if (argv.includes('--probe-only')) {
    for (const e of opened.values()) e.dispose();
    return shutdown();
  }

  const install = (b: Backend) => {
    const e = makeEngine(b);
    e.onFailure = (reason, unplayed, ended) => {
      // Try the next backend from the chunk that was playing; say so, and give up loudly if none is left.
      order = order.slice(order.indexOf(b.name) + 1);
      void pickBackend(order, tried).then((nb) => {
        if (!nb) {
          send({ type: 'error', message: reason, fatal: true });
          return;
        }
        send({ type: 'error', message: `${reason}; continuing with ${nb.name}`, fatal: false });
        e.dispose();
        engine = install(nb);
        for (const s of unplayed) engine.add({ ...s, written: 0, start: 0 });
        for (const id of ended) engine.end(id);
      });
    };
    return e;
  };
  engine = install(backend);
  for (const f of early.splice(0)) handle(f);
}

main().catch((e) => {
  send({ type: 'error', message: `player process: ${(e as Error).message}`, fatal: true });
  process.exit(1);
});
