import * as vscode from 'vscode';
import { catalogText, type VoiceSpec } from '../../core/model';
import type { Reader } from '../reader';
import { catalog, readSettings, type VoiceId } from '../settings';

const SAMPLE = 'こんにちは。この声で読み上げます。';

interface VoiceItem extends vscode.QuickPickItem {
  voice: VoiceId;
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

/**
 * Voice picker: moving through the list previews each voice with a short sentence (the previous preview is
 * cancelled), accepting saves `yomiage.voice`, escaping restores silence and changes nothing.
 * Resolves with the chosen voice, or undefined.
 */
export async function selectVoice(reader: Reader): Promise<VoiceId | undefined> {
  const current = readSettings().voice;
  const qp = vscode.window.createQuickPick<VoiceItem>();
  qp.title = vscode.l10n.t('Yomiage: Select Voice');
  qp.placeholder = vscode.l10n.t('Move through the list to hear each voice; Enter to choose');
  qp.items = Object.values(catalog().voices).map((v) => item(v, current));
  qp.activeItems = qp.items.filter((i) => i.voice === current);
  let previewTimer: NodeJS.Timeout | undefined;
  // The list opens on the current voice, silently. Whether VS Code reports that initial active item differs between
  // versions, so a change is a move only when it lands on a voice other than the one heard (or opened on) last.
  let lastHeard: VoiceId = current;
  const chosen = await new Promise<VoiceId | undefined>((resolve) => {
    qp.onDidChangeActive((items) => {
      const item = items[0];
      if (!item || item.voice === lastHeard) return;
      lastHeard = item.voice;
      clearTimeout(previewTimer);
      reader.stop(); // the previous preview ends at once
      // a short delay so that scrolling quickly through the list does not start a preview per row
      previewTimer = setTimeout(() => void reader.read(SAMPLE, { voice: item.voice, preview: true }), 250);
    });
    qp.onDidAccept(() => {
      resolve(qp.activeItems[0]?.voice);
      qp.hide();
    });
    qp.onDidHide(() => resolve(undefined));
    qp.show();
  });
  clearTimeout(previewTimer);
  qp.dispose();
  if (!chosen) {
    reader.stop();
    return undefined;
  }
  await vscode.workspace.getConfiguration('yomiage').update('voice', chosen, vscode.ConfigurationTarget.Global);
  return chosen;
}
