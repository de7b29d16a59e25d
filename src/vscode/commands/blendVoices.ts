import * as vscode from 'vscode';
import { catalogText } from '../../core/model';
import { BlendError, formatBlend, isBlend, parseBlend, parseWeights, type BlendPart } from '../../core/engine/voiceBlend';
import type { Reader } from '../reader';
import { catalog } from '../settings';

interface VoiceRow extends vscode.QuickPickItem {
  voice: string;
}

type Step = 'save' | 'weights' | 'again';
interface StepRow extends vscode.QuickPickItem {
  step: Step;
}

/** The parts of the current voice when it is a well-formed blend, so that the flow starts from it. */
function currentParts(current: string): BlendPart[] {
  if (!isBlend(current)) return [];
  try {
    return parseBlend(current);
  } catch {
    return [];
  }
}

/** Step 1: the Kokoro voices, two or more checked. Undefined when the user escapes. */
function pickVoices(start: BlendPart[]): Promise<string[] | undefined> {
  const lang = vscode.env.language;
  const qp = vscode.window.createQuickPick<VoiceRow>();
  qp.title = vscode.l10n.t('Blend voices (1/3): pick two or more voices');
  qp.placeholder = vscode.l10n.t('Space checks a voice; Enter when two or more are checked');
  qp.canSelectMany = true;
  qp.items = Object.values(catalog().voices).map((v) => ({ voice: v.id, label: v.id, description: catalogText(v.label, lang) }));
  qp.selectedItems = qp.items.filter((i) => start.some((p) => p.voice === i.voice));
  return new Promise((resolve) => {
    qp.onDidAccept(() => {
      const voices = qp.selectedItems.map((i) => i.voice);
      if (voices.length < 2) {
        qp.title = vscode.l10n.t('Blend voices (1/3): check at least two voices (Space), then Enter');
        return;
      }
      resolve(voices);
      qp.hide();
    });
    qp.onDidHide(() => {
      resolve(undefined);
      qp.dispose();
    });
    qp.show();
  });
}

/** Step 2: one weight per voice, in one box (`0.6, 0.4`), checked as typed. Undefined when the user escapes. */
async function askWeights(voices: string[], value: string): Promise<{ weights: number[]; typed: string } | undefined> {
  const typed = await vscode.window.showInputBox({
    title: vscode.l10n.t('Blend voices (2/3): weights'),
    prompt: vscode.l10n.t('Weights for {0}, in that order, separated by commas; they are scaled to add up to 1', voices.join(', ')),
    value,
    ignoreFocusOut: true,
    validateInput: (text) => {
      try {
        parseWeights(text, voices.length);
        return undefined;
      } catch (e) {
        return e instanceof BlendError ? e.message : String(e);
      }
    },
  });
  return typed === undefined ? undefined : { weights: parseWeights(typed, voices.length), typed };
}

/** Step 3: the blend is previewed as the step opens; save it, hear it again, or go back to the weights. */
function confirm(spec: string, preview: () => void): Promise<Step | undefined> {
  const qp = vscode.window.createQuickPick<StepRow>();
  qp.title = vscode.l10n.t('Blend voices (3/3): {0}', spec);
  qp.placeholder = vscode.l10n.t('Listen to the blend; Enter saves it as your voice');
  qp.items = [
    { step: 'save', label: `$(check) ${vscode.l10n.t('Save this blend')}`, description: spec },
    { step: 'again', label: `$(play) ${vscode.l10n.t('Hear it again')}` },
    { step: 'weights', label: `$(edit) ${vscode.l10n.t('Change the weights')}` },
  ];
  return new Promise((resolve) => {
    qp.onDidAccept(() => {
      const step = qp.activeItems[0]?.step;
      if (step === 'again') return preview();
      resolve(step);
      qp.hide();
    });
    qp.onDidHide(() => {
      resolve(undefined);
      qp.dispose();
    });
    qp.show();
    preview();
  });
}

/**
 * "Blend voices…" from the voice picker: pick two or more Kokoro voices, type their weights, hear the blend read
 * `sample`, and resolve with its spec (`alpha*0.6+kumo*0.4`, weights normalised) for the picker to save. Escape at
 * any step resolves undefined and stops the preview; nothing is saved here.
 */
export async function blendVoices(reader: Reader, current: string, sample: string): Promise<string | undefined> {
  reader.stop(); // a preview from the picker ends here
  const start = currentParts(current);
  const voices = await pickVoices(start);
  if (!voices) return undefined;
  // the current blend's weights when it has the same voices in the same order, else an even mix
  const same = start.length === voices.length && start.every((p, i) => p.voice === voices[i]);
  let typed = voices.map((_, i) => (same ? start[i].weight : 1)).join(', ');
  for (;;) {
    const answer = await askWeights(voices, typed);
    if (!answer) break;
    typed = answer.typed;
    const spec = formatBlend(voices.map((voice, i) => ({ voice, weight: answer.weights[i] })));
    const preview = () => {
      reader.stop();
      void reader.read(sample, { voice: spec, preview: true });
    };
    const step = await confirm(spec, preview);
    if (step === 'save') return spec;
    if (step !== 'weights') break;
    reader.stop();
  }
  reader.stop();
  return undefined;
}
