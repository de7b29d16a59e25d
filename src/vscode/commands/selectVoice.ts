import * as vscode from 'vscode';
import { catalogText, type VoiceSpec } from '../../core/model';
import type { Reader } from '../reader';
import { catalog, readSettings, type VoiceId } from '../settings';
import { configuredEngines, creditLine, type EngineEntry, type EngineProbe, type EngineRegistry } from '../engines';
import { isBlend } from '../../core/engine/voiceBlend';
import { blendVoices } from './blendVoices';

const SAMPLE = 'こんにちは。この声で読み上げます。';

interface VoiceItem extends vscode.QuickPickItem {
  /** Undefined for rows that are not voices (an engine heading, an engine that is not running). */
  voice?: VoiceId;
  /** The "Blend voices…" row. */
  blend?: true;
}

/** The first rows: "Blend voices…", and the current voice when it is a blend (it has no row of its own). */
function blendItems(current: string): VoiceItem[] {
  const rows: VoiceItem[] = [{ blend: true, label: `$(merge) ${vscode.l10n.t('Blend voices…')}`, detail: vscode.l10n.t('Mix two or more voices with weights, hear the mix, save it') }];
  if (isBlend(current)) rows.push({ voice: current, label: current, description: vscode.l10n.t('Voice blend'), detail: vscode.l10n.t('Current voice') });
  return rows;
}

/** One row of the picker, from the catalog: name, description (with the grade), and the credit on the detail line. */
function item(v: VoiceSpec, current: string): VoiceItem {
  const lang = vscode.env.language;
  const grade = v.grade ? vscode.l10n.t('grade {0}', v.grade) : undefined;
  const detail = [v.id === current ? vscode.l10n.t('Current voice') : undefined, v.credit ? catalogText(v.credit, lang) : undefined];
  return {
    voice: v.id,
    label: v.id,
    description: [catalogText(v.label, lang), v.description && catalogText(v.description, lang), grade].filter(Boolean).join(' · '),
    detail: detail.filter(Boolean).join(' — ') || undefined,
  };
}

/** An engine's rows: a heading with its name (and "remote" when text would leave this computer), then its voices. */
function engineItems(e: EngineEntry, probe: EngineProbe, current: string): VoiceItem[] {
  const heading: VoiceItem = { kind: vscode.QuickPickItemKind.Separator, label: e.remote ? vscode.l10n.t('{0} (remote: text is sent to {1})', e.label, e.url) : e.label };
  if (!probe.running) return [heading, { label: `$(debug-disconnect) ${vscode.l10n.t('{0} is not running', e.label)}`, description: e.url, detail: probe.message }];
  return [
    heading,
    ...probe.voices.map((v) => {
      const id = `${e.id}:${v.id}`;
      const detail = [id === current ? vscode.l10n.t('Current voice') : undefined, creditLine(e, v)];
      return { voice: id, label: v.style ? `${v.name}（${v.style}）` : v.name, description: id, detail: detail.filter(Boolean).join(' — ') || undefined };
    }),
  ];
}

/**
 * Voice picker: the embedded Kokoro voices, then each engine of `yomiage.engines` under its name (its voices with
 * their credit line, or that it is not running: each engine is asked for ~300 ms at most, and the answer is reused).
 * Moving through the list previews each voice with a short sentence (the previous preview is cancelled), accepting
 * saves `yomiage.voice`, escaping restores silence and changes nothing. The first row, "Blend voices…", goes on to
 * blendVoices.ts. Resolves with the chosen voice (or blend), or undefined.
 */
export async function selectVoice(reader: Reader, engines: EngineRegistry): Promise<VoiceId | undefined> {
  const current = readSettings().voice;
  const qp = vscode.window.createQuickPick<VoiceItem>();
  qp.title = vscode.l10n.t('Yomiage: Select Voice');
  qp.placeholder = vscode.l10n.t('Move through the list to hear each voice; Enter to choose');
  qp.matchOnDescription = true;
  const entries = configuredEngines();
  const probes = await Promise.all(entries.map((e) => engines.probe(e)));
  qp.items = [...blendItems(current), ...Object.values(catalog().voices).map((v) => item(v, current)), ...entries.flatMap((e, i) => engineItems(e, probes[i], current))];
  qp.activeItems = qp.items.filter((i) => i.voice === current);
  let previewTimer: NodeJS.Timeout | undefined;
  // The list opens on the current voice, silently. Whether VS Code reports that initial active item differs between
  // versions, so a change is a move only when it lands on a voice other than the one heard (or opened on) last.
  let lastHeard: VoiceId = current;
  const chosen = await new Promise<VoiceId | 'blend' | undefined>((resolve) => {
    qp.onDidChangeActive((items) => {
      const voice = items[0]?.voice;
      if (!voice || voice === lastHeard) return;
      lastHeard = voice;
      clearTimeout(previewTimer);
      reader.stop(); // the previous preview ends at once
      // a short delay so that scrolling quickly through the list does not start a preview per row
      previewTimer = setTimeout(() => void reader.read(SAMPLE, { voice, preview: true }), 250);
    });
    qp.onDidAccept(() => {
      if (qp.activeItems[0]?.blend) {
        resolve('blend');
        return qp.hide();
      }
      const voice = qp.activeItems[0]?.voice;
      if (!voice) return; // an engine that is not running: nothing to choose
      resolve(voice);
      qp.hide();
    });
    qp.onDidHide(() => resolve(undefined));
    qp.show();
  });
  clearTimeout(previewTimer);
  qp.dispose();
  const voice = chosen === 'blend' ? await blendVoices(reader, current, SAMPLE) : chosen;
  if (!voice) {
    reader.stop();
    return undefined;
  }
  await vscode.workspace.getConfiguration('yomiage').update('voice', voice, vscode.ConfigurationTarget.Global);
  return voice;
}
