/**
 * The player panel's HTML (pure, so tests load the very same page in a browser). Strict CSP: nothing but the
 * nonce'd script, the stylesheet and images from the extension, and audio from blob:/data:. No remote content.
 */
export interface PanelStrings {
  title: string;
  idle: string;
  speaking: string;
  waiting: string;
  paused: string;
  pause: string;
  resume: string;
  stop: string;
  enableAudio: string;
  enableAudioHelp: string;
  progress: string; // "{0} / {1}"
  finished: string;
  stopped: string;
  /** Tooltips saying where the word times come from (WordTime.source). */
  wordsFromDurations: string;
  wordsEstimated: string;
  /** Time into the sentence being read: "{0} / {1} s". */
  elapsed: string;
}

export const DEFAULT_STRINGS: PanelStrings = {
  title: 'Yomiage',
  idle: 'Idle',
  speaking: 'Speaking',
  waiting: 'Waiting for a click',
  paused: 'Paused',
  pause: 'Pause',
  resume: 'Resume',
  stop: 'Stop',
  enableAudio: 'Click to enable audio',
  enableAudioHelp: 'VS Code lets a panel play sound only after you have clicked in it once. Your speech is waiting and starts right after the click.',
  progress: '{0} / {1}',
  finished: 'Finished',
  stopped: 'Stopped',
  wordsFromDurations: "Word times from the model's durations",
  wordsEstimated: 'Word times estimated from the phonemes',
  elapsed: '{0} / {1} s',
};

export interface PanelHtmlOptions {
  /** `webview.cspSource` */
  cspSource: string;
  nonce: string;
  scriptUri: string;
  styleUri: string;
  strings?: Partial<PanelStrings>;
  /** UI language for the lang attribute (the text read is always ja). */
  lang?: string;
}

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

export function panelCsp(cspSource: string, nonce: string): string {
  return [
    "default-src 'none'",
    `script-src 'nonce-${nonce}'`,
    `style-src ${cspSource}`,
    'media-src blob: data:',
    `img-src ${cspSource}`,
  ].join('; ');
}

export function renderPanelHtml(o: PanelHtmlOptions): string {
  if (!/^[A-Za-z0-9+/=_-]{16,}$/.test(o.nonce)) throw new Error('nonce must be 16+ base64/url-safe characters');
  const s = { ...DEFAULT_STRINGS, ...o.strings };
  const e = escapeHtml;
  return `<!DOCTYPE html>
<html lang="${e(o.lang ?? 'en')}">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${e(panelCsp(o.cspSource, o.nonce))}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${e(o.styleUri)}">
<title>${e(s.title)}</title>
</head>
<body data-strings="${e(JSON.stringify(s))}">
<header class="bar">
  <span id="status" role="status" aria-live="polite">${e(s.idle)}</span>
  <span id="progress" aria-hidden="false"></span>
  <span id="now" hidden><span id="word" lang="ja"></span> <span id="elapsed"></span></span>
  <span class="spacer"></span>
  <button id="pause" type="button" disabled>${e(s.pause)}</button>
  <button id="stop" type="button" disabled>${e(s.stop)}</button>
</header>
<section id="gate" hidden>
  <button id="enable" type="button" class="enable">${e(s.enableAudio)}</button>
  <p>${e(s.enableAudioHelp)}</p>
</section>
<div id="meter" aria-hidden="true"><div id="meterFill"></div></div>
<main id="text" lang="ja"></main>
<script nonce="${e(o.nonce)}" src="${e(o.scriptUri)}"></script>
</body>
</html>
`;
}
