/**
 * Yomiage player panel (runs in the webview, bundled to dist/webview/player.js): plays PCM chunks posted by the
 * extension gaplessly with the Web Audio API, shows the text being read, and reports started/played/finished back.
 * The messages are typed by core/audio/webviewProtocol.ts, shared with the extension side (vscode/webviewPlayer.ts).
 *
 * Autoplay: webviews follow Chromium's user-activation policy (microsoft/vscode#237030). An AudioContext created
 * or resumed from a postMessage stays 'suspended' (or resume() rejects with NotAllowedError) until the user has
 * clicked in the panel once. Chunks are still scheduled on the suspended context, so after the click the queue
 * plays from where it was; meanwhile the panel shows a big "Click to enable audio" button and posts `blocked`.
 */
import type { PanelStrings } from '../core/audio/webviewHtml';
import type { FromWebview, PanelWord, ToWebview } from '../core/audio/webviewProtocol';
import { wordIndexAt } from '../core/speech/wordFollow';
import { POSITION_EVERY_MS } from '../core/audio/player';
import { toFloat32 } from './samples';

declare function acquireVsCodeApi(): { postMessage(message: FromWebview): void };

/** One scheduled chunk of audio. */
interface Scheduled {
  id: number;
  index: number;
  /** Context seconds. */
  start: number;
  end: number;
  src: AudioBufferSourceNode;
  startedSent: boolean;
  playedSent: boolean;
  /** The chunk's words (offsets in its text) and where their times come from, when the extension sent them. */
  words: PanelWord[];
  wordSource?: 'duration' | 'estimate';
  /** The word shown as being said (-1: none). */
  word: number;
}

/** A scheduling record, kept for diagnostics and tests (window.yomiagePlayer.log). */
interface ScheduleRecord {
  id: number;
  index: number;
  start: number;
  duration: number;
  frames: number;
  rate: number;
  contextRate: number;
  /** Seconds of silence before this chunk because it came late (0 when gapless). */
  gap: number;
}

/** What the panel exposes on window for tests and diagnostics. */
interface PlayerDiagnostics {
  log: ScheduleRecord[];
  state(): { context: AudioContextState | 'none'; currentTime: number; blocked: boolean; paused: boolean; queued: number };
}

declare global {
  interface Window {
    yomiagePlayer: PlayerDiagnostics;
    webkitAudioContext?: typeof AudioContext;
  }
}

/**
 * A message as it arrives: the protocol's shapes, except that the samples of a chunk may come in whatever form this
 * VS Code version's serialisation made of the Float32Array, and that nothing from outside is trusted.
 */
type Incoming = Exclude<ToWebview, { type: 'chunk' }> | (Omit<Extract<ToWebview, { type: 'chunk' }>, 'samples'> & { samples: unknown });
type ChunkMessage = Extract<Incoming, { type: 'chunk' }>;
type PlanMessage = Extract<Incoming, { type: 'plan' }>;

const vscode = acquireVsCodeApi();
const strings = safeJson(document.body.dataset.strings) ?? {};
const LEAD = 0.06; // seconds between "now" and the first chunk after silence
const BLOCK_WAIT_MS = 350; // how long resume() may take before the refusal is assumed
const TICK_MS = 25; // display and event tick

const el = {
  status: byId('status'),
  progress: byId('progress'),
  pause: byId<HTMLButtonElement>('pause'),
  stop: byId<HTMLButtonElement>('stop'),
  gate: byId('gate'),
  enable: byId<HTMLButtonElement>('enable'),
  text: byId('text'),
  meterFill: byId('meterFill'),
  now: byId('now'),
  word: byId('word'),
  elapsed: byId('elapsed'),
};

let ctx: AudioContext | null = null;
let master: GainNode | null = null;
let nextTime = 0; // context time at which the next chunk starts
let scheduled: Scheduled[] = [];
const ended = new Set<number>();
let userPaused = false;
let blocked = false;
let blockTimer: ReturnType<typeof setTimeout> | undefined;
let currentId: number | null = null;
let chunkCount = 0; // chunks received for currentId
let playedCount = 0;
let total: number | null = null; // known once `end` arrives
let planned = 0; // chunks announced by a plan
let idleLabel: 'idle' | 'finished' | 'stopped' = 'idle'; // what the status says when nothing plays
let lastPosition = -Infinity; // performance.now() of the last position report

const log: ScheduleRecord[] = [];
window.yomiagePlayer = {
  log,
  state: () => ({
    context: ctx ? ctx.state : 'none',
    currentTime: ctx ? ctx.currentTime : 0,
    blocked,
    paused: userPaused,
    queued: scheduled.length,
  }),
};

function byId<T extends HTMLElement = HTMLElement>(id: string): T {
  const e = document.getElementById(id);
  if (!e) throw new Error(`player panel: element #${id} is missing`);
  return e as T;
}

function safeJson(s: string | undefined): Partial<Record<keyof PanelStrings, string>> | null {
  try {
    return s ? JSON.parse(s) : null;
  } catch {
    return null;
  }
}

function t(key: keyof PanelStrings, ...args: Array<string | number>): string {
  const s = strings[key] || key;
  return s.replace(/\{(\d+)\}/g, (_, i: string) => String(args[Number(i)] ?? ''));
}

function post(m: FromWebview): void {
  vscode.postMessage(m);
}

function context(): AudioContext | null {
  if (!ctx) {
    const AC = window.AudioContext || window.webkitAudioContext;
    if (!AC) {
      post({ type: 'error', message: 'Web Audio is not available in this panel', fatal: true });
      return null;
    }
    const c = new AC();
    ctx = c;
    master = c.createGain();
    master.connect(c.destination);
    c.addEventListener('statechange', () => {
      if (c.state === 'running' && blocked) setUnblocked();
      render();
    });
  }
  return ctx;
}

function hasWork(): boolean {
  return scheduled.length > 0;
}

/** Tries to run the context; if the autoplay policy refuses, shows the gate and posts `blocked`. */
function ensureRunning(): void {
  const c = ctx;
  if (!c || userPaused) return;
  if (c.state === 'running') {
    if (blocked) setUnblocked();
    return;
  }
  let p: Promise<void>;
  try {
    p = c.resume();
  } catch (e) {
    setBlocked(describe(e));
    return;
  }
  Promise.resolve(p).then(
    () => {
      if (c.state === 'running' && blocked) setUnblocked();
    },
    (e: unknown) => setBlocked(describe(e)),
  );
  clearTimeout(blockTimer);
  blockTimer = setTimeout(() => {
    if (c.state !== 'running' && !userPaused && hasWork()) {
      setBlocked('the audio context stays suspended until the panel is clicked (autoplay policy)');
    }
  }, BLOCK_WAIT_MS);
}

function describe(e: unknown): string {
  const x = e as { name?: unknown; message?: unknown } | null;
  return x && x.name ? `${String(x.name)}: ${String(x.message)}` : String(e);
}

function showGate(show: boolean): void {
  el.gate.hidden = !show;
  document.body.classList.toggle('blocked', show);
}

function setBlocked(reason: string): void {
  if (blocked || (ctx && ctx.state === 'running')) return;
  blocked = true;
  showGate(true);
  el.enable.focus();
  post({ type: 'blocked', reason });
  render();
}

function setUnblocked(): void {
  if (!blocked) return;
  blocked = false;
  showGate(false);
  post({ type: 'unblocked' });
  render();
}

/** Any click or key press in the panel is a user gesture: use it to start the audio. */
function onGesture(): void {
  const c = ctx || context();
  if (!c) return;
  if (userPaused) return;
  c.resume().then(
    () => {
      if (c.state === 'running') setUnblocked();
    },
    () => {},
  );
}

function newUtterance(id: number): void {
  currentId = id;
  idleLabel = 'idle';
  chunkCount = 0;
  playedCount = 0;
  total = null;
  planned = 0;
  el.text.textContent = '';
}

function onChunk(m: ChunkMessage): void {
  const samples = toFloat32(m.samples);
  const rate = Number(m.sampleRate);
  if (!samples || !(rate >= 3000 && rate <= 768000) || !Number.isInteger(m.id) || !Number.isInteger(m.index)) {
    post({ type: 'error', message: `bad chunk ${m.id}/${m.index}`, fatal: false });
    return;
  }
  const c = context();
  if (!c || !master) return;
  if (m.id !== currentId) newUtterance(m.id);
  chunkCount++;
  const buffer = c.createBuffer(1, Math.max(1, samples.length), rate);
  buffer.copyToChannel(samples, 0);
  const src = c.createBufferSource();
  src.buffer = buffer;
  src.connect(master);
  const earliest = c.currentTime + LEAD;
  const gap = nextTime > 0 && earliest > nextTime ? earliest - nextTime : 0; // starved: the engine was late
  const start = Math.max(nextTime, earliest);
  const duration = buffer.length / rate;
  src.start(start);
  nextTime = start + duration;
  const text = typeof m.text === 'string' ? m.text : '';
  const words = checkWords(m.words, text.length);
  const wordSource = m.wordSource === 'duration' || m.wordSource === 'estimate' ? m.wordSource : undefined;
  const rec: Scheduled = { id: m.id, index: m.index, start, end: nextTime, src, startedSent: false, playedSent: false, words, wordSource, word: -1 };
  src.onended = () => markPlayed(rec);
  scheduled.push(rec);
  log.push({ id: m.id, index: m.index, start, duration, frames: buffer.length, rate, contextRate: c.sampleRate, gap });
  addText(m.id, m.index, m.text);
  if (words.length) showWords(m.id, m.index, text, words, wordSource);
  ensureRunning();
  render();
}

/** The span of a chunk: reused when the plan announced it, else inserted in index order. */
function addText(id: number, index: number, text: unknown): void {
  let span = chunkSpan(id, index);
  if (!span) {
    span = document.createElement('span');
    span.className = 'chunk queued';
    span.dataset.id = String(id);
    span.dataset.index = String(index);
    const after = [...el.text.querySelectorAll<HTMLElement>('span.chunk')].find((s) => Number(s.dataset.index) > index);
    el.text.insertBefore(span, after ?? null);
  }
  // (the same text again, from a later plan step, keeps the word spans already made of it)
  if (typeof text === 'string' && text && span.textContent !== text) span.textContent = text;
  else if (!span.textContent) span.textContent = '…';
}

/** The words of a chunk message, checked: offsets inside the text, in order, finite times; else none. */
function checkWords(raw: unknown, length: number): PanelWord[] {
  if (!Array.isArray(raw)) return [];
  const out: PanelWord[] = [];
  let last = 0;
  for (const x of raw as unknown[]) {
    const w = x as Partial<PanelWord> | null;
    const ok = !!w && [w.start, w.end].every((v) => Number.isInteger(v)) && [w.startMs, w.endMs].every((v) => typeof v === 'number' && Number.isFinite(v));
    if (!ok || w!.start! < last || w!.end! < w!.start! || w!.end! > length) return [];
    last = w!.end!;
    out.push({ start: w!.start!, end: w!.end!, startMs: w!.startMs!, endMs: w!.endMs! });
  }
  return out;
}

function sourceLabel(source: 'duration' | 'estimate' | undefined): string {
  return source === 'duration' ? t('wordsFromDurations') : source === 'estimate' ? t('wordsEstimated') : '';
}

/** The chunk's text as word spans (the rest of the text between them as it is), titled with the times' source. */
function showWords(id: number, index: number, text: string, words: PanelWord[], source: 'duration' | 'estimate' | undefined): void {
  const span = chunkSpan(id, index);
  if (!span || !text) return;
  span.textContent = '';
  let at = 0;
  words.forEach((w, k) => {
    if (w.start > at) span.append(text.slice(at, w.start));
    const ws = document.createElement('span');
    ws.className = 'word';
    ws.dataset.word = String(k);
    ws.textContent = text.slice(w.start, w.end);
    span.append(ws);
    at = w.end;
  });
  if (at < text.length) span.append(text.slice(at));
  span.title = sourceLabel(source);
}

/** The word being said in chunk `r` at `ms` into it, by the audio clock: marked in the text and shown in the bar. */
function renderWord(r: Scheduled, ms: number): void {
  const duration = (r.end - r.start) * 1000;
  el.elapsed.textContent = t('elapsed', (Math.min(ms, duration) / 1000).toFixed(1), (duration / 1000).toFixed(1));
  el.now.hidden = false;
  el.now.title = sourceLabel(r.wordSource);
  const k = wordIndexAt(r.words, ms);
  if (k === r.word) return;
  r.word = k;
  const span = chunkSpan(r.id, r.index);
  for (const o of span?.querySelectorAll('span.word.now') ?? []) o.classList.remove('now');
  const ws = k >= 0 ? span?.querySelector<HTMLElement>(`span.word[data-word="${k}"]`) : null;
  ws?.classList.add('now');
  el.word.textContent = ws?.textContent ?? '';
}

function clearWord(): void {
  el.now.hidden = true;
  el.word.textContent = '';
  el.elapsed.textContent = '';
  for (const o of el.text.querySelectorAll('span.word.now')) o.classList.remove('now');
}

/** The whole text of an utterance, before its audio comes: every sentence is shown, queued. */
function onPlan(m: PlanMessage): void {
  if (!Number.isInteger(m.id) || !Array.isArray(m.chunks)) return;
  if (m.id !== currentId) newUtterance(m.id);
  for (const c of m.chunks as unknown[]) {
    const chunk = c as Partial<PlanMessage['chunks'][number]> | null;
    if (chunk && Number.isInteger(chunk.index) && typeof chunk.text === 'string') addText(m.id, chunk.index!, chunk.text);
  }
  planned = Math.max(planned, m.chunks.length);
  render();
}

function chunkSpan(id: number, index: number): HTMLElement | null {
  return el.text.querySelector<HTMLElement>(`span.chunk[data-id="${id}"][data-index="${index}"]`);
}

function markStarted(r: Scheduled): void {
  if (r.startedSent) return;
  // Chunks before this one have ended (it starts at their end): report them played first, in order, even when
  // their onended events have not arrived yet.
  for (const x of scheduled.slice(0, scheduled.indexOf(r))) markPlayed(x);
  r.startedSent = true;
  post({ type: 'started', id: r.id, index: r.index });
  lastPosition = performance.now(); // `started` is position 0: the next report comes POSITION_EVERY_MS later
  const s = chunkSpan(r.id, r.index);
  if (s) {
    for (const o of el.text.querySelectorAll('span.chunk.current')) o.classList.replace('current', 'done');
    s.classList.remove('queued');
    s.classList.add('current');
    s.setAttribute('aria-current', 'true');
    if (typeof s.scrollIntoView === 'function') s.scrollIntoView({ block: 'nearest' });
  }
  render();
}

function markPlayed(r: Scheduled): void {
  if (r.playedSent) return;
  if (!scheduled.includes(r)) return; // dropped by stop
  markStarted(r);
  r.playedSent = true;
  scheduled = scheduled.filter((x) => x !== r);
  playedCount++;
  post({ type: 'played', id: r.id, index: r.index });
  const s = chunkSpan(r.id, r.index);
  if (s) {
    s.classList.remove('current');
    s.removeAttribute('aria-current');
    s.classList.add('done');
    for (const o of s.querySelectorAll('span.word.now')) o.classList.remove('now');
  }
  checkFinished();
  render();
}

function checkFinished(): void {
  for (const id of [...ended]) {
    if (!scheduled.some((r) => r.id === id)) {
      ended.delete(id);
      post({ type: 'finished', id });
      if (id === currentId) {
        currentId = null;
        idleLabel = 'finished';
        clearWord();
      }
    }
  }
}

function tick(): void {
  if (!ctx) return;
  const now = ctx.currentTime;
  for (const r of [...scheduled]) {
    if (now >= r.start) markStarted(r);
    if (now >= r.end + 0.02) markPlayed(r); // onended is the main signal; this is a safety net
  }
  const r = scheduled.find((x) => x.startedSent && !x.playedSent && now >= x.start && now < x.end);
  if (r) {
    const ms = Math.round((now - r.start) * 1000);
    renderWord(r, ms);
    reportPosition(r, ms);
  }
  renderMeter();
}

/**
 * Where the audio is inside the chunk playing now (`ms`), by the AudioContext clock (the same clock the chunks
 * were scheduled on and the panel's word display uses), about every POSITION_EVERY_MS while it plays: never while
 * paused, refused or between readings.
 */
function reportPosition(r: Scheduled, ms: number): void {
  if (!ctx || ctx.state !== 'running' || userPaused) return;
  const wall = performance.now();
  if (wall - lastPosition < POSITION_EVERY_MS - TICK_MS / 2) return; // the tick nearest to the interval, not the one after it
  lastPosition = wall;
  post({ type: 'position', id: r.id, index: r.index, offsetMs: ms, at: Date.now() });
}

function stopAll(): void {
  for (const r of scheduled) {
    r.src.onended = null;
    try {
      r.src.stop();
    } catch {
      /* not started yet */
    }
    r.src.disconnect();
  }
  scheduled = [];
  ended.clear();
  if (ctx && master) {
    // A fresh output node: whatever was still connected to the old one is cut off at once.
    master.disconnect();
    master = ctx.createGain();
    master.connect(ctx.destination);
  }
  nextTime = 0;
  currentId = null;
  clearWord();
  for (const s of el.text.querySelectorAll('span.chunk.current, span.chunk.queued')) s.classList.add('dropped');
  if (blocked) {
    // Nothing is waiting any more; the next speech asks again if audio is still refused.
    blocked = false;
    showGate(false);
  }
  if (userPaused) {
    userPaused = false;
    if (ctx) ctx.resume().catch(() => {});
  }
  idleLabel = 'stopped';
  render();
}

function pause(): void {
  if (userPaused || !ctx) return;
  userPaused = true;
  ctx.suspend().catch(() => {});
  render();
}

function resume(): void {
  if (!userPaused) return;
  userPaused = false;
  ensureRunning();
  render();
}

function render(): void {
  const busy = scheduled.length > 0 || currentId !== null;
  el.status.textContent = blocked && busy ? t('waiting') : userPaused ? t('paused') : busy ? t('speaking') : t(idleLabel);
  el.pause.textContent = userPaused ? t('resume') : t('pause');
  el.pause.disabled = !busy;
  el.stop.disabled = !busy;
  const known = total ?? (planned >= chunkCount && planned > 0 ? planned : null);
  el.progress.textContent = chunkCount
    ? t('progress', Math.min(playedCount + (scheduled.some((r) => r.startedSent) ? 1 : 0), chunkCount), known ?? `${chunkCount}…`)
    : '';
  document.body.classList.toggle('paused', userPaused);
  renderMeter();
}

function renderMeter(): void {
  const cur = scheduled.find((r) => r.startedSent);
  let frac = 0;
  if (chunkCount) {
    const within = cur && ctx ? Math.min(1, Math.max(0, (ctx.currentTime - cur.start) / (cur.end - cur.start || 1))) : 0;
    frac = (playedCount + within) / (total ?? Math.max(planned, chunkCount));
  }
  el.meterFill.style.width = `${Math.round(Math.min(1, frac) * 1000) / 10}%`;
}

window.addEventListener('message', (ev: MessageEvent<unknown>) => {
  const m = ev.data as Incoming | null;
  if (!m || typeof m !== 'object') return;
  switch (m.type) {
    case 'plan':
      return onPlan(m);
    case 'chunk':
      return onChunk(m);
    case 'end':
      if (Number.isInteger(m.id)) {
        if (m.id === currentId) total = chunkCount;
        ended.add(m.id);
        checkFinished();
        render();
      }
      return;
    case 'pause':
      return pause();
    case 'resume':
      return resume();
    case 'stop':
      return stopAll();
  }
});

el.pause.addEventListener('click', () => {
  if (userPaused) {
    resume();
    post({ type: 'userAction', action: 'resume' });
  } else {
    pause();
    post({ type: 'userAction', action: 'pause' });
  }
});
el.stop.addEventListener('click', () => {
  stopAll();
  post({ type: 'userAction', action: 'stop' });
});
el.enable.addEventListener('click', onGesture);
document.addEventListener('pointerdown', onGesture, true);
document.addEventListener('keydown', onGesture, true);

setInterval(tick, TICK_MS);
render();
post({ type: 'ready' });
