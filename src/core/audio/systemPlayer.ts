/**
 * The system player: plays on this machine's speakers through a CHILD process (dist/player.js), never in the
 * calling process (the `speaker` native module aborts a process that has no audio device). Implements `Player`.
 */
import { spawn, ChildProcess } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { AudioChunk, Player, PlayerEvent, PlayerEvents } from './player';
import { ChildMessage, encodeFrame, Frame } from './frames';
import type { BackendName } from './backends';

export interface SystemPlayerOptions {
  /** The bundled child script; default: player.js next to this bundle, or dist/player.js of the repository. */
  script?: string;
  /** Backends to try, in order (default: the platform's order, `native` first). */
  backends?: BackendName[];
  /** Backends never to try. */
  without?: BackendName[];
  /** How long the child may take to find a working backend. */
  readyTimeoutMs?: number;
}

/** Raised by `SystemPlayer.start` when no backend plays here; `reason` lists what was tried and why it failed. */
export class SystemPlayerUnavailable extends Error {
  constructor(readonly reason: string) {
    super(`system audio player unavailable: ${reason}`);
    this.name = 'SystemPlayerUnavailable';
  }
}

export function defaultPlayerScript(): string {
  const candidates = [path.join(__dirname, 'player.js'), path.resolve(__dirname, '../../../dist/player.js')];
  return candidates.find((p) => fs.existsSync(p)) ?? candidates[0];
}

function childArgs(o: SystemPlayerOptions, without: BackendName[]): string[] {
  const args: string[] = [];
  if (o.backends?.length) args.push(`--backends=${o.backends.join(',')}`);
  if (without.length) args.push(`--without=${without.join(',')}`);
  return args;
}

function spawnChild(script: string, args: string[]): ChildProcess {
  // In the VS Code extension host process.execPath is Electron: ELECTRON_RUN_AS_NODE makes it a plain Node.
  return spawn(process.execPath, [script, ...args], {
    stdio: ['pipe', 'pipe', 'pipe'],
    env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' },
    windowsHide: true,
  });
}

interface Started {
  child: ChildProcess;
  backend: string;
  detail?: string;
  /** Lines after `ready`, already read. */
  lines: ChildMessage[];
  stderr: { text: string };
}

/** Starts a child and waits for its verdict. A child that dies before answering (speaker's abort) is retried without speaker. */
async function startChild(o: SystemPlayerOptions, extraArgs: string[]): Promise<Started> {
  const script = o.script ?? defaultPlayerScript();
  if (!fs.existsSync(script)) throw new SystemPlayerUnavailable(`player script missing: ${script} (run the build)`);
  let without = [...(o.without ?? [])];
  const notes: string[] = [];
  for (let attempt = 0; attempt < 2; attempt++) {
    const child = spawnChild(script, [...childArgs(o, without), ...extraArgs]);
    const stderr = { text: '' };
    child.stderr!.on('data', (d) => {
      if (stderr.text.length < 8000) stderr.text += d.toString();
    });
    child.stdin!.on('error', () => {});
    const verdict = await new Promise<{ msg?: ChildMessage; lines: ChildMessage[]; exit?: { code: number | null; signal: NodeJS.Signals | null } }>(
      (resolve) => {
        let buf = '';
        const lines: ChildMessage[] = [];
        let msg: ChildMessage | undefined;
        const timer = setTimeout(() => {
          child.kill('SIGKILL');
        }, o.readyTimeoutMs ?? 20000);
        const onData = (d: Buffer) => {
          buf += d.toString();
          let i: number;
          while ((i = buf.indexOf('\n')) >= 0) {
            const line = buf.slice(0, i);
            buf = buf.slice(i + 1);
            let m: ChildMessage;
            try {
              m = JSON.parse(line);
            } catch {
              continue;
            }
            if (!msg && (m.type === 'ready' || m.type === 'unavailable')) {
              msg = m;
              clearTimeout(timer);
              child.stdout!.off('data', onData);
              child.stdout!.pause();
              if (buf) lines.push(...parseLines(buf));
              child.off('exit', onExit);
              resolve({ msg, lines });
              return;
            }
          }
        };
        const onExit = (code: number | null, signal: NodeJS.Signals | null) => {
          clearTimeout(timer);
          resolve({ lines, exit: { code, signal } });
        };
        child.stdout!.on('data', onData);
        child.on('exit', onExit);
      },
    );
    if (verdict.msg?.type === 'ready') {
      return { child, backend: verdict.msg.backend, detail: [verdict.msg.detail, ...notes].filter(Boolean).join('; ') || undefined, lines: verdict.lines, stderr };
    }
    if (verdict.msg?.type === 'unavailable') throw new SystemPlayerUnavailable([...notes, verdict.msg.reason].join('; '));
    const e = verdict.exit;
    const died = `player process died before choosing a backend (${e?.signal ?? `exit ${e?.code}`})${stderr.text ? `: ${stderr.text.trim().split('\n').pop()}` : ''}`;
    const natives = (['native', 'speaker'] as BackendName[]).filter((n) => !without.includes(n));
    if (natives.length) {
      // A native module that aborts its process (speaker does, SIGABRT / exit 134, where there is no audio device):
      // the command players remain.
      notes.push(`${natives.join('/')} aborted the player process: ${died}`);
      without = [...without, ...natives];
      continue;
    }
    throw new SystemPlayerUnavailable([...notes, died].join('; '));
  }
  throw new SystemPlayerUnavailable(notes.join('; '));
}

function parseLines(s: string): ChildMessage[] {
  const out: ChildMessage[] = [];
  for (const l of s.split('\n')) {
    if (!l.trim()) continue;
    try {
      out.push(JSON.parse(l));
    } catch {
      /* partial line: handled by the caller */
    }
  }
  return out;
}

/** Checks whether the system player can play here without keeping a process: resolves to the backend or a reason. */
export async function probeSystemPlayer(o: SystemPlayerOptions = {}): Promise<{ ok: true; backend: string } | { ok: false; reason: string }> {
  try {
    const s = await startChild(o, ['--probe-only']);
    s.child.stdin!.end();
    return { ok: true, backend: s.backend };
  } catch (e) {
    return { ok: false, reason: e instanceof SystemPlayerUnavailable ? e.reason : (e as Error).message };
  }
}

export class SystemPlayer implements Player {
  readonly kind = 'system' as const;
  private readonly events = new PlayerEvents();
  private readonly active = new Set<number>();
  private disposed = false;
  private dead = false;
  private lineBuf = '';

  private constructor(
    private readonly child: ChildProcess,
    /** The backend the child plays through: native, speaker, paplay, pw-play, aplay, afplay or powershell. */
    readonly backend: string,
    /** Why earlier candidates were skipped, if any. */
    readonly detail: string | undefined,
    early: ChildMessage[],
    private readonly stderr: { text: string },
  ) {
    child.stdout!.on('data', (d: Buffer) => this.onData(d));
    child.stdout!.resume();
    child.on('exit', (code, signal) => {
      this.dead = true;
      if (!this.disposed) {
        const tail = this.stderr.text.trim().split('\n').pop();
        this.events.emit({ type: 'error', message: `system player process exited (${signal ?? `exit ${code}`})${tail ? `: ${tail}` : ''}`, fatal: true });
      }
    });
    queueMicrotask(() => early.forEach((m) => this.onMessage(m)));
  }

  /** Starts the child and waits until it has found a backend that really plays. Throws SystemPlayerUnavailable. */
  static async start(o: SystemPlayerOptions = {}): Promise<SystemPlayer> {
    const s = await startChild(o, []);
    return new SystemPlayer(s.child, s.backend, s.detail, s.lines, s.stderr);
  }

  enqueue(chunk: AudioChunk): void {
    if (!Number.isInteger(chunk.id) || chunk.id < 0 || !Number.isInteger(chunk.index) || chunk.index < 0) {
      throw new RangeError(`bad chunk id/index ${chunk.id}/${chunk.index}`);
    }
    if (!(chunk.sampleRate > 0)) throw new RangeError(`bad sample rate ${chunk.sampleRate}`);
    this.active.add(chunk.id);
    this.write({ type: 'chunk', id: chunk.id, index: chunk.index, sampleRate: chunk.sampleRate, samples: chunk.samples });
  }

  end(id: number): void {
    this.active.add(id);
    this.write({ type: 'end', id });
  }

  pause(): void {
    this.write({ type: 'pause' });
  }

  resume(): void {
    this.write({ type: 'resume' });
  }

  stop(): void {
    this.active.clear();
    this.write({ type: 'stop' });
  }

  onEvent(listener: (e: PlayerEvent) => void): () => void {
    return this.events.on(listener);
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.active.clear();
    this.write({ type: 'close' });
    this.child.stdin!.end();
    const t = setTimeout(() => this.child.kill('SIGKILL'), 1000);
    t.unref();
    this.child.once('exit', () => clearTimeout(t));
    this.events.clear();
  }

  /** Process id of the child (for tests and diagnostics). */
  get pid(): number | undefined {
    return this.child.pid;
  }

  private write(f: Frame): void {
    if (this.dead || !this.child.stdin!.writable) return;
    this.child.stdin!.write(encodeFrame(f));
  }

  private onData(d: Buffer): void {
    this.lineBuf += d.toString();
    let i: number;
    while ((i = this.lineBuf.indexOf('\n')) >= 0) {
      const line = this.lineBuf.slice(0, i);
      this.lineBuf = this.lineBuf.slice(i + 1);
      if (!line.trim()) continue;
      try {
        this.onMessage(JSON.parse(line));
      } catch {
        /* not ours */
      }
    }
  }

  private onMessage(m: ChildMessage): void {
    switch (m.type) {
      case 'started':
      case 'played':
      case 'position':
      case 'underrun':
        if (this.active.has(m.id)) this.events.emit(m);
        return;
      case 'finished':
        if (this.active.delete(m.id)) this.events.emit({ type: 'finished', id: m.id });
        return;
      case 'error':
        this.events.emit({ type: 'error', message: m.message, fatal: m.fatal });
        return;
      default:
        return;
    }
  }
}
