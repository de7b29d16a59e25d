// Word-level follow-along (core/speech/wordFollow.ts): position → word index, and the follower that turns the
// player's position reports into word changes (on a manual clock, so every time is exact).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MAX_CARRY_MS, WordFollower, wordIndexAt, type FollowerClock, type WordChange } from '../../../src/core/speech/wordFollow';

const w = (startMs: number, endMs: number, surface = '') => ({ startMs, endMs, surface });

// 今日 [75,300) は [300,375) 、(pause) 晴れ [450,600) です [600,750), then closing silence to 900
const SENTENCE = [w(75, 300, '今日'), w(300, 375, 'は'), w(450, 600, '晴れ'), w(600, 750, 'です')];

test('wordIndexAt: before the first word there is no word', () => {
  assert.equal(wordIndexAt(SENTENCE, 0), -1);
  assert.equal(wordIndexAt(SENTENCE, 74.9), -1);
  assert.equal(wordIndexAt([], 100), -1, 'a chunk without words');
});

test('wordIndexAt: a word is current from its start (inclusive) to the next one\'s start', () => {
  assert.equal(wordIndexAt(SENTENCE, 75), 0);
  assert.equal(wordIndexAt(SENTENCE, 299.9), 0);
  assert.equal(wordIndexAt(SENTENCE, 300), 1, 'the boundary belongs to the word that starts there');
  assert.equal(wordIndexAt(SENTENCE, 600), 3);
});

test('wordIndexAt: in a pause between words the previous word stays; after the last word the last one stays', () => {
  assert.equal(wordIndexAt(SENTENCE, 375), 1);
  assert.equal(wordIndexAt(SENTENCE, 449), 1);
  assert.equal(wordIndexAt(SENTENCE, 450), 2);
  assert.equal(wordIndexAt(SENTENCE, 750), 3);
  assert.equal(wordIndexAt(SENTENCE, 100000), 3, 'past the end of the audio');
});

test('wordIndexAt: zero-length words (no time of their own) are never current', () => {
  // は was not found in the phonemes: it got an empty range where the search stood
  const words = [w(75, 300), w(300, 300), w(300, 450), w(450, 450)];
  assert.equal(wordIndexAt(words, 300), 2, 'the empty word at 300 is skipped for the word that starts there too');
  assert.equal(wordIndexAt(words, 299), 0);
  assert.equal(wordIndexAt(words, 500), 2, 'an empty last word does not take over at its time');
  assert.equal(wordIndexAt([w(0, 0), w(0, 0)], 10), -1, 'only empty words: none');
  // an empty word first, then a real one later
  assert.equal(wordIndexAt([w(0, 0), w(200, 400)], 100), -1);
});

test('wordIndexAt: a position that is not a number maps to no word', () => {
  assert.equal(wordIndexAt(SENTENCE, Number.NaN), -1);
  assert.equal(wordIndexAt(SENTENCE, -5), -1);
});

/** A clock moved by hand; timers fire when it passes their time. */
class ManualClock implements FollowerClock {
  t = 1000;
  /** The wall clock: another origin, same pace. */
  wall(): number {
    return this.t + 1_700_000_000_000;
  }
  private timers: Array<{ at: number; f: () => void; id: number }> = [];
  private seq = 0;
  now(): number {
    return this.t;
  }
  setTimer(f: () => void, ms: number): unknown {
    const id = ++this.seq;
    this.timers.push({ at: this.t + ms, f, id });
    return id;
  }
  clearTimer(id: unknown): void {
    this.timers = this.timers.filter((x) => x.id !== id);
  }
  get pending(): number {
    return this.timers.length;
  }
  advance(ms: number): void {
    const end = this.t + ms;
    for (;;) {
      this.timers.sort((a, b) => a.at - b.at);
      const next = this.timers[0];
      if (!next || next.at > end) break;
      this.timers.shift();
      this.t = next.at;
      next.f();
    }
    this.t = end;
  }
}

function follower() {
  const clock = new ManualClock();
  const changes: Array<WordChange<ReturnType<typeof w>> & { t: number }> = [];
  const f = new WordFollower<ReturnType<typeof w>>((c) => changes.push({ ...c, t: clock.t }), clock);
  const seen = () => changes.map((c) => `${c.chunk}:${c.word?.surface ?? '-'}`);
  return { clock, f, changes, seen };
}

test('follower: started shows no word until the first one begins; position reports move it', () => {
  const { f, seen } = follower();
  f.setWords(0, SENTENCE);
  f.started(0);
  assert.deepEqual(seen(), ['0:-']);
  f.position(0, 100);
  f.position(0, 200);
  assert.deepEqual(seen(), ['0:-', '0:今日'], 'one change per word, not per report');
  f.position(0, 460);
  assert.deepEqual(seen(), ['0:-', '0:今日', '0:晴れ'], 'a word skipped between two reports is not shown late');
});

test('follower: between reports it moves on at the next word\'s start, on the host clock', () => {
  const { clock, f, changes } = follower();
  f.setWords(0, SENTENCE);
  const t0 = clock.t;
  f.started(0);
  clock.advance(100);
  assert.equal(changes.at(-1)?.word?.surface, '今日');
  assert.equal(changes.at(-1)!.t - t0, 75, 'at 75 ms exactly, without a report');
  f.position(0, 100); // the player's report agrees
  clock.advance(250);
  assert.equal(changes.at(-1)?.word?.surface, 'は');
  assert.equal(changes.at(-1)!.t - t0, 300);
});

test('follower: without reports it stops MAX_CARRY_MS after the last one (a stalled player does not run ahead)', () => {
  const { clock, f, changes } = follower();
  f.setWords(0, SENTENCE);
  f.position(0, 0);
  clock.advance(5000);
  // 今日 at 75 ms and は at 300 ms are within the carry; 晴れ at 450 ms is not
  assert.deepEqual(changes.map((c) => c.word?.surface), [undefined, '今日', 'は']);
  assert.ok(MAX_CARRY_MS < 450);
  assert.equal(f.positionNow()?.ms, MAX_CARRY_MS);
  f.position(0, 460);
  assert.equal(changes.at(-1)?.word?.surface, '晴れ');
});

test('follower: pause freezes the word, resume goes on from the same position', () => {
  const { clock, f, changes } = follower();
  f.setWords(0, SENTENCE);
  f.position(0, 280);
  assert.equal(changes.at(-1)?.word?.surface, '今日');
  f.pause();
  clock.advance(2000);
  assert.equal(changes.at(-1)?.word?.surface, '今日', 'nothing moves while paused');
  assert.equal(f.positionNow()?.ms, 280);
  f.resume();
  clock.advance(19);
  assert.equal(changes.at(-1)?.word?.surface, '今日');
  clock.advance(1);
  assert.equal(changes.at(-1)?.word?.surface, 'は', '20 ms of audio after the resume');
});

test('follower: the next chunk starts from no word; words of earlier chunks are dropped; reset clears', () => {
  const { clock, f, seen } = follower();
  f.setWords(0, SENTENCE);
  f.setWords(1, [w(0, 200, '明日'), w(200, 400, 'も')]);
  f.position(0, 700);
  f.started(1);
  f.position(1, 210);
  assert.deepEqual(seen(), ['0:です', '1:明日', '1:も']);
  assert.equal(f.current()?.word?.surface, 'も');
  f.reset();
  assert.equal(f.current(), undefined);
  clock.advance(1000);
  assert.deepEqual(seen(), ['0:です', '1:明日', '1:も'], 'nothing after reset');
  assert.equal(clock.pending, 0, 'no timer left');
});

test('follower: word times that arrive after the first report of their chunk still place the word', () => {
  const { f, seen } = follower();
  f.position(2, 150);
  f.setWords(2, [w(0, 100, 'a'), w(100, 300, 'b')]);
  assert.deepEqual(seen(), ['2:-', '2:b']);
});

test('follower: reports that are not positions are ignored', () => {
  const { f, seen } = follower();
  f.setWords(0, SENTENCE);
  f.position(0, Number.NaN);
  f.position(0, -1);
  assert.deepEqual(seen(), []);
});

test('follower: a report that comes late (behind the carried position) does not move the word back', () => {
  const { clock, f, seen } = follower();
  f.setWords(0, SENTENCE);
  f.position(0, 200);
  clock.advance(130); // carried to 330 ms: は (from 300 ms) is shown
  assert.deepEqual(seen(), ['0:今日', '0:は']);
  f.position(0, 290); // the report of 290 ms, delivered 40 ms late
  assert.deepEqual(seen(), ['0:今日', '0:は'], 'は stays');
  clock.advance(159);
  assert.deepEqual(seen(), ['0:今日', '0:は']);
  clock.advance(1);
  assert.deepEqual(seen(), ['0:今日', '0:は', '0:晴れ'], '晴れ at 450 ms of the new report\'s clock');
  f.started(1);
  assert.deepEqual(seen(), ['0:今日', '0:は', '0:晴れ', '1:-'], 'the next chunk starts from no word');
});

test('follower: a report delivered late is dated back by how much later it came than the quickest one', () => {
  const { clock, f, changes } = follower();
  f.setWords(0, SENTENCE);
  const skew = -4000; // the panel's machine runs 4 s behind: only differences between reports count
  f.position(0, 100, clock.wall() + skew - 2); // delivered 2 ms after it held: the quickest so far
  clock.advance(100);
  f.position(0, 200, clock.wall() + skew - 2);
  assert.equal(f.positionNow()?.ms, 200);
  clock.advance(100);
  f.position(0, 250, clock.wall() + skew - 52); // held 50 ms longer ago than the quickest delivery
  assert.equal(f.positionNow()?.ms, 300, 'carried forward by the 50 ms it spent on the way');
  assert.equal(changes.at(-1)?.word?.surface, 'は', 'は (from 300 ms) shown at once, not 50 ms late');
  f.reset();
  f.position(0, 0, clock.wall() + 10_000); // a new reading: the quickest delivery is learnt again (a clock ahead)
  assert.equal(f.positionNow()?.ms, 0);
});
