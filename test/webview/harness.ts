/**
 * Loads the real player panel (renderPanelHtml + dist/webview/player.js, built from src/webview by run.js, +
 * media/player.css) from a 127.0.0.1 server into
 * headless Chromium, with an `acquireVsCodeApi` shim. Messages go in and state comes out through CDP
 * Runtime.evaluate with userGesture:false, because Playwright's own evaluate counts as a user gesture and would
 * hide the autoplay refusal. The page's audio output is captured by a ScriptProcessor tap on the destination.
 */
import * as http from 'http';
import * as fs from 'fs';
import * as path from 'path';
import { randomBytes } from 'crypto';
import type { AddressInfo } from 'net';
import { chromium, Browser, Page, CDPSession } from 'playwright-core';
import { renderPanelHtml } from '../../src/core/audio/webviewHtml';

export const root = path.resolve(__dirname, '../..');
export const resultsDir = path.join(root, 'test-results');
const chromiumPath = process.env.YOMIAGE_CHROMIUM ?? '/usr/bin/chromium';

export type Policy = 'no-user-gesture-required' | 'user-gesture-required' | 'document-user-activation-required';

export interface Captured {
  rate: number;
  /** Context time of the first captured sample. */
  t0: number;
  samples: number[];
}

const INIT = `(() => {
  window.__fromPanel = [];
  window.__positions = [];
  window.__cspViolations = [];
  document.addEventListener('securitypolicyviolation', (e) => window.__cspViolations.push(e.violatedDirective + ' ' + e.blockedURI));
  window.acquireVsCodeApi = () => {
    let state;
    return {
      // Position reports are a stream of their own (about 10 a second while audio plays), kept apart from the
      // event messages with the page's clocks at the moment they were posted.
      postMessage: (m) => {
        const c = JSON.parse(JSON.stringify(m));
        if (c.type === 'position') {
          window.__positions.push({ ...c, at: performance.now(), clock: window.yomiagePlayer ? window.yomiagePlayer.state().currentTime : null });
        } else window.__fromPanel.push(c);
      },
      getState: () => state,
      setState: (s) => (state = s),
    };
  };
  // Tap: whatever is connected to a context's destination is also recorded, on the audio thread, as lossless
  // PCM by a MediaRecorder (a ScriptProcessor tap repeats and drops blocks when the main thread stalls: measured).
  const taps = new WeakMap();
  window.__capture = null;
  const connect = AudioNode.prototype.connect;
  AudioNode.prototype.connect = function (dest, ...rest) {
    const r = connect.call(this, dest, ...rest);
    if (dest instanceof AudioDestinationNode) {
      const ctx = dest.context;
      let tap = taps.get(ctx);
      if (!tap) {
        tap = ctx.createMediaStreamDestination();
        const rec = new MediaRecorder(tap.stream, { mimeType: 'audio/webm;codecs=pcm' });
        const parts = [];
        rec.ondataavailable = (e) => parts.push(e.data);
        rec.start(50);
        window.__capture = { ctx, rec, parts, t0: ctx.currentTime };
        taps.set(ctx, tap);
      }
      connect.call(this, tap);
    }
    return r;
  };
})();`;

export class Panel {
  readonly messages: Array<Record<string, unknown>> = [];
  private waiters: Array<() => void> = [];

  private constructor(
    readonly browser: Browser,
    readonly page: Page,
    private readonly cdp: CDPSession,
    private readonly server: http.Server,
    readonly origin: string,
    readonly requests: string[],
  ) {}

  static async open(policy: Policy): Promise<Panel> {
    if (!fs.existsSync(chromiumPath)) throw new Error(`Chromium not found at ${chromiumPath} (apt-get install chromium)`);
    const nonce = randomBytes(18).toString('base64url');
    let origin = '';
    const server = http.createServer((req, res) => {
      const url = new URL(req.url ?? '/', origin);
      if (url.pathname === '/') {
        res.setHeader('content-type', 'text/html; charset=utf-8');
        res.end(
          renderPanelHtml({
            cspSource: origin,
            nonce,
            scriptUri: `${origin}/dist/webview/player.js`,
            styleUri: `${origin}/media/player.css`,
            lang: 'en',
          }),
        );
        return;
      }
      const m = /^\/(media|dist\/webview)\/([a-z0-9.-]+)$/.exec(url.pathname);
      const file = m && path.join(root, m[1], m[2]);
      if (!file || !fs.existsSync(file)) {
        res.statusCode = 404;
        res.end();
        return;
      }
      res.setHeader('content-type', file.endsWith('.js') ? 'text/javascript' : file.endsWith('.css') ? 'text/css' : 'application/octet-stream');
      res.end(fs.readFileSync(file));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const browser = await chromium.launch({
      executablePath: chromiumPath,
      headless: true,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        `--autoplay-policy=${policy}`,
      ],
    });
    const page = await browser.newPage({ viewport: { width: 640, height: 420 } });
    const requests: string[] = [];
    page.on('request', (r) => requests.push(r.url()));
    const panel = new Panel(browser, page, await page.context().newCDPSession(page), server, origin, requests);
    // Messages from the panel are polled over CDP. (A Playwright binding would answer each call with an evaluate
    // that carries a user gesture, which would silently lift the autoplay restriction under test.)
    await page.addInitScript(INIT);
    await page.goto(`${origin}/`);
    panel.poll();
    await panel.waitFor((m) => m.type === 'ready');
    return panel;
  }

  private polling = true;

  private poll(): void {
    const once = async () => {
      if (!this.polling) return;
      try {
        const got = await this.eval<Array<Record<string, unknown>>>('(window.__fromPanel || []).splice(0)');
        if (got.length) {
          this.messages.push(...got);
          for (const w of this.waiters.splice(0)) w();
        }
      } catch {
        /* page navigating or closing */
      }
      if (this.polling) setTimeout(once, 15);
    };
    void once();
  }

  /** Waits for a message from the panel matching `pred`. */
  async waitFor(pred: (m: Record<string, unknown>) => boolean, ms = 15000): Promise<Record<string, unknown>> {
    const deadline = Date.now() + ms;
    for (;;) {
      const hit = this.messages.find(pred);
      if (hit) return hit;
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no such message from the panel; got ${JSON.stringify(this.messages)}`);
      await new Promise<void>((r) => {
        const t = setTimeout(r, left);
        this.waiters.push(() => (clearTimeout(t), r()));
      });
    }
  }

  /** Evaluates in the page WITHOUT a user gesture. */
  async eval<T = unknown>(expression: string): Promise<T> {
    const r = await this.cdp.send('Runtime.evaluate', { expression, awaitPromise: true, returnByValue: true, userGesture: false });
    if (r.exceptionDetails) throw new Error(`page: ${r.exceptionDetails.exception?.description ?? r.exceptionDetails.text}`);
    return r.result.value as T;
  }

  /** Posts a message to the panel like the extension does (window message event). */
  async post(m: Record<string, unknown>): Promise<void> {
    await this.eval(`window.postMessage(${JSON.stringify(m)}, '*')`);
  }

  /**
   * Posts `m` and returns `read` (a page expression) evaluated in the very task the panel handles it in: a listener
   * added after the panel's runs right after it for the same event. (A setTimeout(0) may run before a posted message
   * on a busy page, so it would read the clock too early.)
   */
  async postThenRead<T>(m: Record<string, unknown>, read: string): Promise<T> {
    return this.eval<T>(`new Promise((r) => {
      const m = ${JSON.stringify(m)};
      window.addEventListener('message', function h(e) {
        if (!e.data || e.data.type !== m.type) return;
        window.removeEventListener('message', h);
        r(${read});
      });
      window.postMessage(m, '*');
    })`);
  }

  /** Posts a chunk whose samples arrive as a Float32Array (or another encoding VS Code versions produce). */
  async chunk(
    id: number,
    index: number,
    samples: number[],
    opts: { rate?: number; text?: string; encoding?: 'float32' | 'arraybuffer' | 'array' | 'object' } = {},
  ): Promise<void> {
    const enc = opts.encoding ?? 'float32';
    const data = JSON.stringify(samples);
    const make = {
      float32: `new Float32Array(${data})`,
      arraybuffer: `new Float32Array(${data}).buffer`,
      array: data,
      object: `Object.fromEntries(${data}.map((v, i) => [String(i), v]))`,
    }[enc];
    await this.eval(
      `window.postMessage({ type: 'chunk', id: ${id}, index: ${index}, sampleRate: ${opts.rate ?? 24000}, samples: ${make}, text: ${JSON.stringify(opts.text ?? '')} }, '*')`,
    );
  }

  /**
   * An element's text and visibility, read over CDP. (Playwright's locator queries evaluate with a user gesture,
   * which would count as the click the autoplay policy waits for.)
   */
  dom(selector: string): Promise<{ exists: boolean; visible: boolean; text: string; disabled: boolean; count: number }> {
    return this.eval(`(() => {
      const all = document.querySelectorAll(${JSON.stringify(selector)});
      const el = all[0];
      if (!el) return { exists: false, visible: false, text: '', disabled: false, count: 0 };
      const cs = getComputedStyle(el);
      const visible = !el.closest('[hidden]') && cs.display !== 'none' && cs.visibility !== 'hidden' && el.getClientRects().length > 0;
      return { exists: true, visible, text: el.textContent, disabled: !!el.disabled, count: all.length };
    })()`);
  }

  /** The position reports posted so far: the message, performance.now() and the AudioContext time when posted. */
  positions(): Promise<Array<{ type: 'position'; id: number; index: number; offsetMs: number; at: number; clock: number | null }>> {
    return this.eval('window.__positions.slice()');
  }

  state(): Promise<{ context: string; currentTime: number; blocked: boolean; paused: boolean; queued: number }> {
    return this.eval('window.yomiagePlayer.state()');
  }

  schedule(): Promise<Array<{ id: number; index: number; start: number; duration: number; frames: number; rate: number; gap: number }>> {
    return this.eval('window.yomiagePlayer.log');
  }

  /** Stops the output recording and returns it decoded (call once, at the end of a test). */
  async captured(): Promise<Captured> {
    return this.eval(`(async () => {
      const c = window.__capture;
      if (!c) return { rate: 0, t0: 0, samples: [] };
      if (c.rec.state !== 'inactive') await new Promise((r) => { c.rec.onstop = r; c.rec.stop(); });
      const bytes = await new Blob(c.parts).arrayBuffer();
      const audio = await new OfflineAudioContext(1, 1, c.ctx.sampleRate).decodeAudioData(bytes);
      const x = audio.getChannelData(0);
      const samples = new Array(x.length);
      for (let i = 0; i < x.length; i++) samples[i] = Math.round(x[i] * 10000) / 10000;
      return { rate: audio.sampleRate, t0: c.t0, samples };
    })()`);
  }

  async close(): Promise<void> {
    this.polling = false;
    await this.browser.close();
    await new Promise<void>((r) => this.server.close(() => r()));
  }
}

export function tone(freq: number, seconds: number, rate = 24000, amp = 0.3): number[] {
  const n = Math.round(seconds * rate);
  return Array.from({ length: n }, (_, i) => Math.round(amp * Math.sin((2 * Math.PI * freq * i) / rate) * 1e4) / 1e4);
}

export function loud(c: Captured, level = 0.03): { first: number; last: number; count: number } {
  let first = -1;
  let last = -1;
  let count = 0;
  c.samples.forEach((v, i) => {
    if (Math.abs(v) > level) {
      count++;
      if (first < 0) first = i;
      last = i;
    }
  });
  return { first, last, count };
}

export function longestQuiet(c: Captured, from: number, to: number, level = 0.01): number {
  let best = 0;
  let run = 0;
  for (let i = from; i <= to; i++) {
    if (Math.abs(c.samples[i]) < level) best = Math.max(best, ++run);
    else run = 0;
  }
  return best;
}

export function frequency(c: Captured, from: number, len: number): number {
  let z = 0;
  for (let i = from + 1; i < from + len; i++) if (c.samples[i - 1] < 0 !== c.samples[i] < 0) z++;
  return (z / 2) * (c.rate / len);
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
