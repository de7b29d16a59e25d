/**
 * The loopback fake engine (fakeVoicevox.ts) as a process of its own, for the VS Code integration suite (whose
 * JavaScript cannot import TypeScript): `node --import tsx test/support/fakeVoicevoxServer.ts`. Prints its URL on the
 * first line, then one JSON line per request it answered; ends when its standard input closes.
 */
import { FakeVoicevox } from './fakeVoicevox';

async function main(): Promise<void> {
  const fake = await FakeVoicevox.start();
  process.stdout.write(`${fake.url}\n`);
  let seen = 0;
  const report = setInterval(() => {
    for (; seen < fake.requests.length; seen++) process.stdout.write(JSON.stringify(fake.requests[seen]) + '\n');
  }, 20);
  process.stdin.resume();
  process.stdin.on('end', () => {
    clearInterval(report);
    void fake.close().then(() => process.exit(0));
  });
}

void main();
