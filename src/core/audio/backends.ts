/**
 * The ways the system player's child process can make sound: the `speaker` npm package (in-process, only ever
 * loaded in the child because its native module aborts a process that has no audio device) or a platform player
 * started with spawn + an argument array (never a shell string). Players are judged by a real probe (a few ms of
 * silence must play with exit 0 and a clean stderr; PulseAudio must list a sink), not by existence on PATH alone.
 */
import { spawn, execFile, ChildProcess } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { AudioDevice } from './device';
import { nativeAudioDevice } from './nativeDevice';
import { startDeviceEngine } from './deviceEngine';
import { wavBytes } from './wavWriter';

export type BackendName = 'native' | 'speaker' | 'paplay' | 'pw-play' | 'aplay' | 'afplay' | 'powershell';

/** How a backend run ended. `expected` is false when it exited while it still had audio to play. */
export interface ExitInfo {
  code: number | null;
  signal: NodeJS.Signals | null;
  stderr: string;
}

/** A continuous stream of s16le mono PCM. */
export interface StreamOutput {
  write(pcm: Buffer): void;
  /** Freeze output (SIGSTOP); a no-op where the backend cannot. */
  pause(): void;
  resume(): void;
  /** Silence at once. */
  kill(): void;
  /** No more data: let it play out and exit. */
  end(): void;
  onExit(cb: (info: ExitInfo) => void): void;
}

export interface StreamBackend {
  kind: 'stream';
  name: BackendName;
  /** The output's own delay before a written sample is heard. */
  latencyMs: number;
  open(sampleRate: number): StreamOutput;
}

/** Plays one WAV file per call (afplay, SoundPlayer): chunk boundaries are process boundaries. */
export interface FileBackend {
  kind: 'file';
  name: BackendName;
  play(wavPath: string): { kill(): void; done: Promise<ExitInfo> };
}

/** A streaming output device that asks for samples (the native addon, see device.ts / deviceEngine.ts). */
export interface DeviceBackend {
  kind: 'device';
  name: 'native';
  device: AudioDevice;
}

export type Backend = StreamBackend | FileBackend | DeviceBackend;

const ERROR_WORDS = /error|fail|cannot|can't|unable|refused|no such|not found|denied|invalid|unknown|abort/i;

/**
 * Platform default order. Windows and macOS: the native streaming output first; the per-chunk command players only
 * as its fallback. Linux: the sound server's own client first (paplay, pw-play: one gapless stream each, SIGSTOP
 * pause, SIGKILL stop within a few ms), then the native ALSA output for machines without a sound server. Through
 * ALSA's pulse plugin the native output stalls on a sink that renders in long blocks (an idle null sink: the first
 * two buffers, then up to 2 s) and, with buffers small enough for a 50 ms stop, a busy machine starves it into
 * audible gaps the application's queue never sees; measured, see README.
 */
export function defaultOrder(platform: NodeJS.Platform = process.platform): BackendName[] {
  if (platform === 'darwin') return ['native', 'speaker', 'afplay'];
  if (platform === 'win32') return ['native', 'speaker', 'powershell'];
  return ['paplay', 'pw-play', 'native', 'speaker', 'aplay'];
}

/** Finds an executable on PATH without a shell. */
export function findExecutable(name: string, envPath = process.env.PATH ?? ''): string | null {
  const exts = process.platform === 'win32' ? (process.env.PATHEXT ?? '.EXE;.CMD;.BAT').split(';') : [''];
  for (const dir of envPath.split(path.delimiter)) {
    if (!dir) continue;
    for (const ext of exts) {
      const p = path.join(dir, name + ext);
      try {
        fs.accessSync(p, fs.constants.X_OK);
        if (fs.statSync(p).isFile()) return p;
      } catch {
        /* not here */
      }
    }
  }
  return null;
}

/** Arguments for the platform players that read raw PCM from stdin. */
export function streamArgs(name: 'paplay' | 'pw-play' | 'aplay', rate: number): string[] {
  switch (name) {
    case 'paplay':
      return ['--raw', '--format=s16le', `--rate=${rate}`, '--channels=1', '--latency-msec=100', '--client-name=Yomiage', '--stream-name=Yomiage'];
    case 'pw-play':
      return [`--rate=${rate}`, '--channels=1', '--format=s16', '--latency=100ms', '-'];
    case 'aplay':
      return ['-q', '-t', 'raw', '-f', 'S16_LE', '-r', String(rate), '-c', '1', '--buffer-time=150000', '-'];
  }
}

function processStream(exe: string, args: string[]): StreamOutput {
  const child = spawn(exe, args, { stdio: ['pipe', 'ignore', 'pipe'] });
  let stderr = '';
  let exited: ExitInfo | null = null;
  const waiters: Array<(i: ExitInfo) => void> = [];
  child.stderr!.on('data', (d) => {
    if (stderr.length < 4000) stderr += d.toString();
  });
  child.stdin!.on('error', () => {
    /* EPIPE when the player died: reported through onExit */
  });
  const finish = (code: number | null, signal: NodeJS.Signals | null) => {
    if (exited) return;
    exited = { code, signal, stderr: stderr.trim() };
    for (const w of waiters) w(exited);
  };
  child.on('error', (e) => {
    stderr += `${e.message}\n`;
    finish(null, null);
  });
  child.on('close', finish);
  const signal = (s: NodeJS.Signals) => {
    if (!exited && child.pid) {
      try {
        process.kill(child.pid, s);
      } catch {
        /* already gone */
      }
    }
  };
  return {
    write: (pcm) => {
      if (!exited && child.stdin!.writable) child.stdin!.write(pcm);
    },
    pause: () => signal('SIGSTOP'),
    resume: () => signal('SIGCONT'),
    kill: () => {
      signal('SIGKILL');
      signal('SIGCONT');
    },
    end: () => {
      if (!exited) child.stdin!.end();
    },
    onExit: (cb) => (exited ? cb(exited) : waiters.push(cb)),
  };
}

function commandBackend(name: 'paplay' | 'pw-play' | 'aplay', exe: string): StreamBackend {
  return {
    kind: 'stream',
    name,
    latencyMs: name === 'aplay' ? 150 : 100,
    open: (rate) => processStream(exe, streamArgs(name, rate)),
  };
}

interface SpeakerLike {
  write(b: Buffer): boolean;
  end(): void;
  close?(flush: boolean): void;
  on(ev: string, cb: (...a: unknown[]) => void): void;
}

/** `speaker` (optional dependency). Returns null when the module is not installed or its native part fails to load. */
export function speakerBackend(load: () => unknown = () => require('speaker')): { backend: StreamBackend | null; reason: string } {
  let Speaker: new (o: object) => SpeakerLike;
  try {
    Speaker = load() as new (o: object) => SpeakerLike;
    if (typeof Speaker !== 'function') return { backend: null, reason: 'speaker: module has no constructor' };
  } catch (e) {
    return { backend: null, reason: `speaker: ${(e as Error).message.split('\n')[0]}` };
  }
  const backend: StreamBackend = {
    kind: 'stream',
    name: 'speaker',
    latencyMs: 100,
    open: (rate) => {
      const sp = new Speaker({ channels: 1, bitDepth: 16, sampleRate: rate, signed: true });
      let exited: ExitInfo | null = null;
      let stderr = '';
      const waiters: Array<(i: ExitInfo) => void> = [];
      const finish = () => {
        if (exited) return;
        exited = { code: stderr ? 1 : 0, signal: null, stderr };
        for (const w of waiters) w(exited);
      };
      sp.on('error', (e) => {
        stderr += String((e as Error)?.message ?? e);
        finish();
      });
      sp.on('close', finish);
      return {
        write: (pcm) => {
          if (!exited) sp.write(pcm);
        },
        pause: () => {},
        resume: () => {},
        kill: () => {
          if (sp.close) sp.close(false);
          else sp.end();
        },
        end: () => sp.end(),
        onExit: (cb) => (exited ? cb(exited) : waiters.push(cb)),
      };
    },
  };
  return { backend, reason: '' };
}

/** 16-bit PCM mono WAV in memory, for the file players (the header comes from the one WAV writer). */
export { wavBytes };

export function runFilePlayer(exe: string, args: string[], env?: NodeJS.ProcessEnv): { kill(): void; done: Promise<ExitInfo> } {
  const child: ChildProcess = spawn(exe, args, { stdio: ['ignore', 'ignore', 'pipe'], env: env ?? process.env, windowsHide: true });
  let stderr = '';
  child.stderr!.on('data', (d) => {
    if (stderr.length < 4000) stderr += d.toString();
  });
  const done = new Promise<ExitInfo>((resolve) => {
    child.on('error', (e) => resolve({ code: null, signal: null, stderr: e.message }));
    child.on('close', (code, signal) => resolve({ code, signal, stderr: stderr.trim() }));
  });
  return { kill: () => child.kill('SIGKILL'), done };
}

function fileBackend(name: 'afplay' | 'powershell', exe: string): FileBackend {
  if (name === 'afplay') return { kind: 'file', name, play: (p) => runFilePlayer(exe, [p]) };
  // The path travels in the environment, so nothing from outside becomes part of the PowerShell command text.
  const script = '$p = New-Object System.Media.SoundPlayer $env:YOMIAGE_WAV; $p.Load(); $p.PlaySync()';
  return {
    kind: 'file',
    name,
    play: (p) => runFilePlayer(exe, ['-NoProfile', '-NonInteractive', '-ExecutionPolicy', 'Bypass', '-Command', script], { ...process.env, YOMIAGE_WAV: p }),
  };
}

function run(exe: string, args: string[], timeoutMs: number): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(exe, args, { timeout: timeoutMs, windowsHide: true }, (err, stdout, stderr) => {
      const code = err ? (typeof (err as NodeJS.ErrnoException & { code?: unknown }).code === 'number' ? ((err as unknown as { code: number }).code) : null) : 0;
      resolve({ code, stdout: String(stdout), stderr: String(stderr) });
    });
  });
}

/** Plays ~30 ms of silence through a backend and judges the result. Returns null when usable, else the reason. */
export async function probeBackend(b: Backend, timeoutMs = 8000): Promise<string | null> {
  if (b.kind === 'device') {
    try {
      (await startDeviceEngine(b.device, () => undefined, timeoutMs)).dispose();
      return null;
    } catch (e) {
      return (e as Error).message;
    }
  }
  const rate = 24000;
  const silence = Buffer.alloc(Math.round(rate * 0.03) * 2);
  if (b.name === 'paplay') {
    const pactl = findExecutable('pactl');
    if (pactl) {
      const r = await run(pactl, ['list', 'short', 'sinks'], 4000);
      if (r.code !== 0) return `pactl: ${(r.stderr || 'no PulseAudio server').trim().split('\n')[0]}`;
      if (!r.stdout.trim()) return 'PulseAudio has no sink (no audio device)';
    }
  }
  let info: ExitInfo;
  const timer = <T>(p: Promise<T>, kill: () => void): Promise<T | 'timeout'> =>
    Promise.race([p, new Promise<'timeout'>((r) => setTimeout(() => (kill(), r('timeout')), timeoutMs).unref())]);
  if (b.kind === 'stream') {
    let out: StreamOutput;
    try {
      out = b.open(rate);
    } catch (e) {
      return `${b.name}: ${(e as Error).message}`;
    }
    const done = new Promise<ExitInfo>((r) => out.onExit(r));
    out.write(silence);
    out.end();
    const r = await timer(done, () => out.kill());
    if (r === 'timeout') return `${b.name}: did not finish a 30 ms test sound in ${timeoutMs} ms`;
    info = r;
  } else {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'yomiage-probe-'));
    const file = path.join(dir, 'silence.wav');
    fs.writeFileSync(file, wavBytes(silence, rate));
    const run1 = b.play(file);
    const r = await timer(run1.done, run1.kill);
    fs.rmSync(dir, { recursive: true, force: true });
    if (r === 'timeout') return `${b.name}: did not finish a 30 ms test sound in ${timeoutMs} ms`;
    info = r;
  }
  if (info.code !== 0 || info.signal) return `${b.name}: exit ${info.code ?? info.signal}${info.stderr ? `: ${firstLine(info.stderr)}` : ''}`;
  if (info.stderr && ERROR_WORDS.test(info.stderr)) return `${b.name}: ${firstLine(info.stderr)}`;
  return null;
}

export function firstLine(s: string): string {
  return s.trim().split('\n')[0].slice(0, 300);
}

/** Builds the backend objects for names whose program exists; the rest come back with a reason. */
export function resolveBackend(name: BackendName, loadSpeaker?: () => unknown): { backend: Backend | null; reason: string } {
  if (name === 'native') {
    const { device, reason } = nativeAudioDevice();
    return device ? { backend: { kind: 'device', name, device }, reason: '' } : { backend: null, reason };
  }
  if (name === 'speaker') return speakerBackend(loadSpeaker);
  const exeName = name === 'powershell' ? 'powershell' : name;
  const exe = findExecutable(exeName);
  if (!exe) return { backend: null, reason: `${name}: not installed` };
  if (name === 'afplay' || name === 'powershell') return { backend: fileBackend(name, exe), reason: '' };
  return { backend: commandBackend(name, exe), reason: '' };
}

export const BACKEND_NAMES: BackendName[] = ['native', 'speaker', 'paplay', 'pw-play', 'aplay', 'afplay', 'powershell'];
