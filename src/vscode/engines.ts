/**
 * The VOICEVOX-compatible engines of `yomiage.engines` (application scope: only the user's own settings can add
 * one; a workspace never chooses where text goes). A voice of theirs is `<engine id>:<style id>` in `yomiage.voice`.
 * Keeps one VoicevoxEngine per engine, and a short, cached probe of each (its voices, or why it is not running) for
 * the voice picker.
 */
import * as vscode from 'vscode';
import { VoicevoxEngine } from '../core/engine/voicevox/engine';
import { VoicevoxApi } from '../core/engine/voicevox/api';
import { isLoopback, parseEngineUrl } from '../core/engine/voicevox/http';
import type { VoiceDescription } from '../core/engine/voiceEngine';
import { restrictedValue } from './trust';

export interface EngineEntry {
  id: string;
  label: string;
  url: string;
  /** The credit line its voices require, `{name}` standing for the character (VOICEVOX: `VOICEVOX:{name}`). */
  credit?: string;
  /** The host is not this machine: text read with it leaves the computer. */
  remote: boolean;
}

export type EngineProbe = { running: true; voices: VoiceDescription[] } | { running: false; message: string };

const ENGINE_ID = /^[a-z][a-z0-9_-]{0,31}$/i;
/** How long the picker waits for an engine, and how long an answer is reused. */
const PROBE_TIMEOUT_MS = 300;
const PROBE_CACHE_MS = 15_000;

/** `voicevox:3` → the engine id and the style id; undefined for a Kokoro voice (a pack id, no colon). */
export function parseEngineVoice(voice: string): { engineId: string; styleId: string } | undefined {
  const m = /^([a-z][a-z0-9_-]{0,31}):(\d{1,9})$/i.exec(voice);
  return m ? { engineId: m[1], styleId: m[2] } : undefined;
}

/** The engines from the settings; entries that are malformed are left out (the settings editor flags them). */
export function configuredEngines(): EngineEntry[] {
  // the user's own value only, trusted workspace or not (the setting has application scope: where text goes is never
  // a workspace's choice)
  const raw = restrictedValue(vscode.workspace.getConfiguration('yomiage').inspect<unknown>('engines'), false);
  const out: EngineEntry[] = [];
  for (const e of Array.isArray(raw) ? raw : []) {
    if (!e || typeof e !== 'object') continue;
    const { id, label, url, credit } = e as Record<string, unknown>;
    if (typeof id !== 'string' || !ENGINE_ID.test(id) || typeof url !== 'string' || out.some((o) => o.id === id)) continue;
    let parsed: URL;
    try {
      parsed = parseEngineUrl(url);
    } catch {
      continue;
    }
    out.push({ id, label: typeof label === 'string' && label ? label : id, url, credit: typeof credit === 'string' ? credit : undefined, remote: !isLoopback(parsed) });
  }
  return out;
}

/** The credit line of a voice of `entry`, if its engine requires one. */
export function creditLine(entry: EngineEntry, voice: VoiceDescription): string | undefined {
  return entry.credit?.split('{name}').join(voice.name);
}

export class EngineRegistry implements vscode.Disposable {
  private readonly engines = new Map<string, VoicevoxEngine>();
  private readonly probes = new Map<string, { at: number; result: Promise<EngineProbe> }>();

  /** The engine of a `<engine id>:<style id>` voice, or undefined when no such engine is configured. */
  get(engineId: string): { entry: EngineEntry; engine: VoicevoxEngine } | undefined {
    const entry = configuredEngines().find((e) => e.id === engineId);
    if (!entry) return undefined;
    const key = `${entry.id} ${entry.url}`;
    let engine = this.engines.get(key);
    if (!engine) {
      engine = new VoicevoxEngine({ url: entry.url });
      this.engines.set(key, engine);
    }
    return { entry, engine };
  }

  /** Whether the engine runs, and its voices; answers within ~300 ms, reused for a few seconds. */
  probe(entry: EngineEntry): Promise<EngineProbe> {
    const cached = this.probes.get(entry.url);
    if (cached && Date.now() - cached.at < PROBE_CACHE_MS) return cached.result;
    const api = new VoicevoxApi(parseEngineUrl(entry.url), { probeTimeoutMs: PROBE_TIMEOUT_MS });
    const result: Promise<EngineProbe> = api.speakers().then(
      (styles) => ({ running: true, voices: styles.map((s) => ({ id: String(s.id), name: s.speaker, style: s.style, engine: api.url })) }),
      (e: Error) => ({ running: false, message: e.message }),
    );
    this.probes.set(entry.url, { at: Date.now(), result });
    return result;
  }

  dispose(): void {
    for (const e of this.engines.values()) void e.dispose();
    this.engines.clear();
    this.probes.clear();
  }
}

/** The HTTP engine and style of an engine voice (voicevox:3); undefined for a Kokoro voice; throws for an unknown engine. */
export function voiceEngineFor(voice: string, registry: EngineRegistry): { engine: VoicevoxEngine; entry: EngineEntry; styleId: string } | undefined {
  const v = parseEngineVoice(voice);
  if (!v) return undefined;
  const found = registry.get(v.engineId);
  if (!found) throw new Error(vscode.l10n.t('The voice {0} is of an engine "{1}" that yomiage.engines does not list.', voice, v.engineId));
  return { ...found, styleId: v.styleId };
}
