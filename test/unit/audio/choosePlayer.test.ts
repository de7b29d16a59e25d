import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  choosePlayer,
  fallbackAfterFailure,
  HostInfo,
  normaliseSetting,
  NoticeMemory,
  preferredPlayer,
  SystemProbe,
} from '../../../src/core/audio/choosePlayer';

const local: HostInfo = { remoteName: undefined, uiKind: 'desktop' };
const ssh: HostInfo = { remoteName: 'ssh-remote', uiKind: 'desktop' };
const wsl: HostInfo = { remoteName: 'wsl', uiKind: 'desktop' };
const codespaces: HostInfo = { remoteName: 'codespaces', uiKind: 'web' };
const web: HostInfo = { remoteName: undefined, uiKind: 'web' };

test('auto: system on the local desktop, webview in remote windows and the web UI', () => {
  assert.equal(preferredPlayer('auto', local), 'system');
  for (const h of [ssh, wsl, codespaces, web]) assert.equal(preferredPlayer('auto', h), 'webview');
  for (const h of [local, ssh, web]) {
    assert.equal(preferredPlayer('webview', h), 'webview');
    assert.equal(preferredPlayer('system', h), 'system');
  }
});

test('unknown setting values mean auto', () => {
  assert.equal(normaliseSetting('system'), 'system');
  assert.equal(normaliseSetting('webview'), 'webview');
  assert.equal(normaliseSetting('speaker'), 'auto');
  assert.equal(normaliseSetting(undefined), 'auto');
});

function probe(result: Awaited<ReturnType<SystemProbe>>) {
  const p = async () => {
    p.calls++;
    return result;
  };
  p.calls = 0;
  return p;
}

test('the system player is probed only when it would be used', async () => {
  const p = probe({ ok: true, backend: 'paplay' });
  const notices = new NoticeMemory();
  assert.deepEqual(await choosePlayer({ setting: 'auto', host: ssh, probeSystem: p, notices }), { kind: 'webview' });
  assert.deepEqual(await choosePlayer({ setting: 'webview', host: local, probeSystem: p, notices }), { kind: 'webview' });
  assert.equal(p.calls, 0);
  assert.deepEqual(await choosePlayer({ setting: 'auto', host: local, probeSystem: p, notices }), { kind: 'system', backend: 'paplay' });
  assert.deepEqual(await choosePlayer({ setting: 'system', host: ssh, probeSystem: p, notices }), { kind: 'system', backend: 'paplay' });
  assert.equal(p.calls, 2);
});

test('an unavailable system player falls back to the webview with a notice, once', async () => {
  const p = probe({ ok: false, reason: 'paplay: not installed' });
  const notices = new NoticeMemory();
  const first = await choosePlayer({ setting: 'system', host: local, probeSystem: p, notices });
  assert.equal(first.kind, 'webview');
  assert.equal(first.notice?.code, 'systemUnavailable');
  assert.match(first.notice!.text, /not available here \(paplay: not installed\)\. Playing in the Yomiage panel/);
  const second = await choosePlayer({ setting: 'auto', host: local, probeSystem: p, notices });
  assert.deepEqual(second, { kind: 'webview', notice: undefined });
});

test('a probe that throws counts as unavailable, not as a crash', async () => {
  const notices = new NoticeMemory();
  const c = await choosePlayer({
    setting: 'auto',
    host: local,
    probeSystem: async () => {
      throw new Error('spawn EACCES');
    },
    notices,
  });
  assert.equal(c.kind, 'webview');
  assert.equal(c.notice?.reason, 'spawn EACCES');
});

test('a failing player hands over to the other one with its own one-time notice', async () => {
  const notices = new NoticeMemory();
  const ok = probe({ ok: true, backend: 'aplay' });
  const a = await fallbackAfterFailure({ failed: 'system', reason: 'paplay died', probeSystem: ok, notices });
  assert.equal(a?.kind, 'webview');
  assert.equal(a?.notice?.code, 'systemFailed');
  assert.equal(ok.calls, 0);
  const b = await fallbackAfterFailure({ failed: 'webview', reason: 'no Web Audio', probeSystem: ok, notices });
  assert.deepEqual([b?.kind, b?.backend, b?.notice?.code], ['system', 'aplay', 'webviewFailed']);
  const again = await fallbackAfterFailure({ failed: 'system', reason: 'paplay died', probeSystem: ok, notices });
  assert.equal(again?.notice, undefined);
  const none = await fallbackAfterFailure({ failed: 'webview', reason: 'x', probeSystem: probe({ ok: false, reason: 'y' }), notices });
  assert.equal(none, null);
});
