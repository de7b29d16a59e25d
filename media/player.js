// Yomiage player panel: plays PCM chunks posted by the extension gaplessly with the Web Audio API, shows the text
// being read, and reports started/played/finished back. Protocol: src/core/audio/webviewProtocol.ts.
//
// Autoplay: webviews follow Chromium's user-activation policy (microsoft/vscode#237030). An AudioContext created
// or resumed from a postMessage stays 'suspended' (or resume() rejects with NotAllowedError) until the user has
// clicked in the panel once. Chunks are still scheduled on the suspended context, so after the click the queue
// plays from where it was; meanwhile the panel shows a big "Click to enable audio" button and posts `blocked`.
(function () {
  'use strict';

  const vscode = acquireVsCodeApi();
  const strings = safeJson(document.body.dataset.strings) || {};
  const LEAD = 0.06; // seconds between "now" and the first chunk after silence
  const BLOCK_WAIT_MS = 350; // how long resume() may take before the refusal is assumed

  const el = {
    status: byId('status'),
    progress: byId('progress'),
    pause: byId('pause'),
    stop: byId('stop'),
    gate: byId('gate'),
    enable: byId('enable'),
    text: byId('text'),
    meterFill: byId('meterFill'),
  };

  /** @type {AudioContext | null} */
  let ctx = null;
  /** @type {GainNode | null} */
  let master = null;
  let nextTime = 0; // context time at which the next chunk starts
  /** @type {Array<{id:number,index:number,start:number,end:number,src:AudioBufferSourceNode,startedSent:boolean,playedSent:boolean}>} */
  let scheduled = [];
  const ended = new Set();
  let userPaused = false;
  let blocked = false;
  let blockTimer = 0;
  let currentId = null;
  let chunkCount = 0; // chunks received for currentId
  let playedCount = 0;
  let total = null; // known once `end` arrives
  let planned = 0; // chunks announced by a plan
  let idleLabel = 'idle'; // what the status says when nothing plays: idle, finished or stopped

  // Scheduling records (id, index, start, duration in context seconds, frames, rates), kept for diagnostics/tests.
  const log = [];
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

  function byId(id) {
    return /** @type {HTMLElement} */ (document.getElementById(id));
  }

  function safeJson(s) {
    try {
      return s ? JSON.parse(s) : null;
    } catch {
      return null;
    }
  }

  function t(key, ...args) {
    const s = strings[key] || key;
    return s.replace(/\{(\d+)\}/g, (_, i) => String(args[Number(i)] ?? ''));
  }

  function post(m) {
    vscode.postMessage(m);
  }

  /** Accepts the shapes VS Code versions deliver a Float32Array in. */
  function toFloat32(x) {
    if (x instanceof Float32Array) return x;
    if (x instanceof ArrayBuffer) return new Float32Array(x.slice(0, x.byteLength - (x.byteLength % 4)));
    if (ArrayBuffer.isView(x)) {
      const b = x.buffer.slice(x.byteOffset, x.byteOffset + x.byteLength - (x.byteLength % 4));
      return new Float32Array(b);
    }
    if (Array.isArray(x)) return Float32Array.from(x, Number);
    if (x && typeof x === 'object') {
      const keys = Object.keys(x).filter((k) => /^\d+$/.test(k));
      const out = new Float32Array(keys.length);
      for (const k of keys) out[Number(k)] = Number(x[k]);
      return out;
    }
    return null;
  }

  function context() {
    if (!ctx) {
      const AC = window.AudioContext || /** @type {any} */ (window).webkitAudioContext;
      if (!AC) {
        post({ type: 'error', message: 'Web Audio is not available in this panel', fatal: true });
        return null;
      }
      ctx = new AC();
      master = ctx.createGain();
      master.connect(ctx.destination);
      ctx.addEventListener('statechange', () => {
        if (ctx && ctx.state === 'running' && blocked) setUnblocked();
        render();
      });
    }
    return ctx;
  }

  function hasWork() {
    return scheduled.length > 0;
  }

  /** Tries to run the context; if the autoplay policy refuses, shows the gate and posts `blocked`. */
  function ensureRunning() {
    const c = ctx;
    if (!c || userPaused) return;
    if (c.state === 'running') {
      if (blocked) setUnblocked();
      return;
    }
    let p;
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
      (e) => setBlocked(describe(e)),
    );
    clearTimeout(blockTimer);
    blockTimer = setTimeout(() => {
      if (c.state !== 'running' && !userPaused && hasWork()) {
        setBlocked('the audio context stays suspended until the panel is clicked (autoplay policy)');
      }
    }, BLOCK_WAIT_MS);
  }

  function describe(e) {
    return e && e.name ? `${e.name}: ${e.message}` : String(e);
  }

  function setBlocked(reason) {
    if (blocked || (ctx && ctx.state === 'running')) return;
    blocked = true;
    el.gate.hidden = false;
    document.body.classList.add('blocked');
    el.enable.focus();
    post({ type: 'blocked', reason });
    render();
  }

  function setUnblocked() {
    if (!blocked) return;
    blocked = false;
    el.gate.hidden = true;
    document.body.classList.remove('blocked');
    post({ type: 'unblocked' });
    render();
  }

  /** Any click or key press in the panel is a user gesture: use it to start the audio. */
  function onGesture() {
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

  function newUtterance(id) {
    currentId = id;
    idleLabel = 'idle';
    chunkCount = 0;
    playedCount = 0;
    total = null;
    planned = 0;
    el.text.textContent = '';
  }

  function onChunk(m) {
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
    const rec = { id: m.id, index: m.index, start, end: nextTime, src, startedSent: false, playedSent: false };
    src.onended = () => markPlayed(rec);
    scheduled.push(rec);
    log.push({ id: m.id, index: m.index, start, duration, frames: buffer.length, rate, contextRate: c.sampleRate, gap });
    addText(m);
    ensureRunning();
    render();
  }

  /** The span of a chunk: reused when the plan announced it, else inserted in index order. */
  function addText(m) {
    let span = chunkSpan(m.id, m.index);
    if (!span) {
      span = document.createElement('span');
      span.className = 'chunk queued';
      span.dataset.id = String(m.id);
      span.dataset.index = String(m.index);
      const after = [...el.text.querySelectorAll('span.chunk')].find((s) => Number(s.dataset.index) > m.index);
      el.text.insertBefore(span, after || null);
    }
    if (typeof m.text === 'string' && m.text) span.textContent = m.text;
    else if (!span.textContent) span.textContent = '…';
  }

  /** The whole text of an utterance, before its audio comes: every sentence is shown, queued. */
  function onPlan(m) {
    if (!Number.isInteger(m.id) || !Array.isArray(m.chunks)) return;
    if (m.id !== currentId) newUtterance(m.id);
    for (const c of m.chunks) {
      if (c && Number.isInteger(c.index) && typeof c.text === 'string') addText({ id: m.id, index: c.index, text: c.text });
    }
    planned = Math.max(planned, m.chunks.length);
    render();
  }

  function chunkSpan(id, index) {
    return el.text.querySelector(`span.chunk[data-id="${id}"][data-index="${index}"]`);
  }

  function markStarted(r) {
    if (r.startedSent) return;
    // Chunks before this one have ended (it starts at their end): report them played first, in order, even when
    // their onended events have not arrived yet.
    for (const x of scheduled.slice(0, scheduled.indexOf(r))) markPlayed(x);
    r.startedSent = true;
    post({ type: 'started', id: r.id, index: r.index });
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

  function markPlayed(r) {
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
    }
    checkFinished();
    render();
  }

  function checkFinished() {
    for (const id of [...ended]) {
      if (!scheduled.some((r) => r.id === id)) {
        ended.delete(id);
        post({ type: 'finished', id });
        if (id === currentId) {
          currentId = null;
          idleLabel = 'finished';
        }
      }
    }
  }

  function tick() {
    if (!ctx) return;
    const now = ctx.currentTime;
    for (const r of [...scheduled]) {
      if (now >= r.start) markStarted(r);
      if (now >= r.end + 0.02) markPlayed(r); // onended is the main signal; this is a safety net
    }
    renderMeter();
  }

  function stopAll() {
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
    for (const s of el.text.querySelectorAll('span.chunk.current, span.chunk.queued')) s.classList.add('dropped');
    if (blocked) {
      // Nothing is waiting any more; the next speech asks again if audio is still refused.
      blocked = false;
      el.gate.hidden = true;
      document.body.classList.remove('blocked');
    }
    if (userPaused) {
      userPaused = false;
      if (ctx) ctx.resume().catch(() => {});
    }
    idleLabel = 'stopped';
    render();
  }

  function pause() {
    if (userPaused || !ctx) return;
    userPaused = true;
    ctx.suspend().catch(() => {});
    render();
  }

  function resume() {
    if (!userPaused) return;
    userPaused = false;
    ensureRunning();
    render();
  }

  function render() {
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

  function renderMeter() {
    const cur = scheduled.find((r) => r.startedSent);
    let frac = 0;
    if (chunkCount) {
      const within = cur && ctx ? Math.min(1, Math.max(0, (ctx.currentTime - cur.start) / (cur.end - cur.start || 1))) : 0;
      frac = (playedCount + within) / (total ?? Math.max(planned, chunkCount));
    }
    el.meterFill.style.width = `${Math.round(Math.min(1, frac) * 1000) / 10}%`;
  }

  window.addEventListener('message', (ev) => {
    const m = ev.data;
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

  setInterval(tick, 25);
  render();
  post({ type: 'ready' });
})();
