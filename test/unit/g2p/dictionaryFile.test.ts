// The workspace dictionary file (issue 15 §1, issue 18): JSON data only, size-limited, bad entries named in one
// message while the good ones are used, an added entry keeps everything else, a file that does not parse is never
// rewritten, and the settings win over the file. Readings checked by hand: 読上 ヨミアゲ, を オ, 試す タメス.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  DICTIONARY_FILE_MAX_BYTES,
  DictionaryFileError,
  checkDictionaryFileSize,
  describeProblems,
  mergeDictionaries,
  parseDictionaryFile,
  withDictionaryEntry,
} from '../../../src/core/g2p/dictionaryFile';
import { checkUserDictionary, readingProblem } from '../../../src/core/g2p/userDictionary';
import { loadG2P } from '../../../src/core/g2p';

const ORIGIN = 'dictionary file .vscode/yomiage-dictionary.json';

describe('reading checks (shared by the CLI, the settings, the file and Fix Reading)', () => {
  test('kana of either script, spaces inside allowed; an accent @N within the morae', () => {
    assert.equal(readingProblem('ヨミアゲ'), undefined);
    assert.equal(readingProblem('よみあげ'), undefined);
    assert.equal(readingProblem('ブイエス コード'), undefined);
    assert.equal(readingProblem('ヨミアゲ@0'), undefined);
    assert.equal(readingProblem('ヨミアゲ@4'), undefined, 'ヨ・ミ・ア・ゲ: four morae, the fall after the last is allowed');
  });

  test('not kana, empty, not a string, an accent past the last mora: each with its reason', () => {
    assert.match(readingProblem('neko')!, /must be kana, found "neko"/);
    assert.match(readingProblem('ねこ1')!, /must be kana, found "1"/);
    assert.equal(readingProblem(''), 'is empty');
    assert.equal(readingProblem('  '), 'is empty');
    assert.equal(readingProblem('@0'), 'is empty');
    assert.equal(readingProblem(3), 'is not a string');
    assert.match(readingProblem('ヨミアゲ@5')!, /accent @5 past its last mora \(it has 4\)/);
    assert.match(readingProblem('ヨミアゲ@x')!, /must be kana, found "@x"/);
  });

  test('the CLI and the settings refuse an empty reading as they refuse one that is not kana', () => {
    assert.throws(() => checkUserDictionary({ 猫: '' }), /user dictionary: the reading of "猫" is empty/);
    assert.throws(() => checkUserDictionary({ 猫: 'neko' }), /the reading of "猫" must be kana/);
    assert.deepEqual(checkUserDictionary({ 読上: ' ヨミアゲ@0 ', '': 'ア' }), { 読上: 'ヨミアゲ@0' });
  });

  test('Kokoro reads the kana of an accented reading and ignores the accent', async () => {
    const g2p = await loadG2P({ userDictionary: { 読上: 'ヨミアゲ@0' } });
    assert.equal(g2p.convert('読上を試す').kana, 'ヨミアゲオタメス');
  });
});

describe('dictionary file: parsing', () => {
  test('a JSON object of word → reading (a byte-order mark allowed)', () => {
    const r = parseDictionaryFile('\uFEFF{"読上": "ヨミアゲ", "VS Code": "ブイエスコード"}', ORIGIN);
    assert.deepEqual(r, { dictionary: { 読上: 'ヨミアゲ', 'VS Code': 'ブイエスコード' }, problems: [] });
  });

  test('bad entries are named in one message; the good ones are still used', () => {
    const r = parseDictionaryFile('{"読上": "ヨミアゲ", "猫": "neko", "犬": "", "鳥": 7}', ORIGIN);
    assert.deepEqual(r.dictionary, { 読上: 'ヨミアゲ' });
    assert.equal(r.problems.length, 3);
    const message = describeProblems(ORIGIN, r.problems)!;
    assert.match(message, /^dictionary file \.vscode\/yomiage-dictionary\.json: 3 entries were left out: /);
    assert.match(message, /"猫" must be kana, found "neko"; the reading of "犬" is empty; the reading of "鳥" is not a string$/);
    assert.equal(describeProblems(ORIGIN, []), undefined);
  });

  test('a long list of bad entries is cut after five, with the count of the rest', () => {
    const entries = Object.fromEntries(Array.from({ length: 8 }, (_, i) => [`語${i}`, 'x']));
    const message = describeProblems(ORIGIN, parseDictionaryFile(JSON.stringify(entries), ORIGIN).problems)!;
    assert.match(message, /8 entries were left out/);
    assert.match(message, /"語4"[^;]*; and 3 more$/);
    assert.ok(!message.includes('語5'));
  });

  test('not JSON, or JSON that is not an object: the file is unusable, said in one line', () => {
    assert.throws(
      () => parseDictionaryFile('{"読上": "ヨミアゲ",', ORIGIN),
      (e: unknown) => e instanceof DictionaryFileError && e.kind === 'syntax' && /^dictionary file \S+ is not valid JSON: /.test(e.message),
    );
    for (const text of ['["ヨミアゲ"]', 'null', '"ヨミアゲ"']) {
      assert.throws(() => parseDictionaryFile(text, ORIGIN), (e: unknown) => e instanceof DictionaryFileError && e.kind === 'not-an-object', text);
    }
  });

  test('it is data: nothing in it runs (a JavaScript object literal is not JSON)', () => {
    (globalThis as Record<string, unknown>).yomiageRan = false;
    assert.throws(() => parseDictionaryFile('{"a": (globalThis.yomiageRan = true)}', ORIGIN), DictionaryFileError);
    assert.equal((globalThis as Record<string, unknown>).yomiageRan, false);
    // a key that names the prototype is an ordinary word, not a change of the object's prototype
    const r = parseDictionaryFile('{"__proto__": "プロト"}', ORIGIN);
    assert.equal(Object.getPrototypeOf(r.dictionary), Object.prototype);
    assert.equal(Object.getOwnPropertyDescriptor(r.dictionary, '__proto__')?.value, 'プロト');
  });

  test('over 1 MB it is refused before it is parsed, with its size', () => {
    assert.equal(DICTIONARY_FILE_MAX_BYTES, 1024 * 1024);
    checkDictionaryFileSize(DICTIONARY_FILE_MAX_BYTES, ORIGIN);
    assert.throws(
      () => checkDictionaryFileSize(3 * 1024 * 1024, ORIGIN),
      (e: unknown) => e instanceof DictionaryFileError && e.kind === 'too-large' && /is 3\.0 MB, more than the 1\.0 MB a dictionary file may have; it was not read/.test(e.message),
    );
    // about 1.2 MB of valid JSON: refused on its size, not read
    const big = JSON.stringify(Object.fromEntries(Array.from({ length: 60000 }, (_, i) => [`語${i}`, 'ヨミアゲ'])));
    assert.ok(Buffer.byteLength(big) > DICTIONARY_FILE_MAX_BYTES);
    assert.throws(() => parseDictionaryFile(big, ORIGIN), (e: unknown) => e instanceof DictionaryFileError && e.kind === 'too-large');
  });
});

describe('dictionary file: adding an entry', () => {
  test('a new file holds the one entry', () => {
    assert.equal(withDictionaryEntry(undefined, '読上', 'ヨミアゲ', ORIGIN), '{\n  "読上": "ヨミアゲ"\n}\n');
    assert.equal(withDictionaryEntry('  \n', '読上', 'ヨミアゲ', ORIGIN), '{\n  "読上": "ヨミアゲ"\n}\n', 'an empty file counts as none');
  });

  test('every other entry stays, even a bad one; the word\'s old reading is replaced; the accent is kept', () => {
    const before = '{"猫": "neko", "読上": "ヨミジョウ", "東京": "トーキョー"}';
    const after = JSON.parse(withDictionaryEntry(before, '読上', ' ヨミアゲ@0 ', ORIGIN));
    assert.deepEqual(after, { 猫: 'neko', 読上: 'ヨミアゲ@0', 東京: 'トーキョー' });
  });

  test('a file that does not parse is not rewritten (the caller gets the error, no text to write)', () => {
    assert.throws(() => withDictionaryEntry('{"読上": "ヨミアゲ" "東京": "トーキョー"}', '猫', 'ネコ', ORIGIN), (e: unknown) => e instanceof DictionaryFileError && e.kind === 'syntax');
    assert.throws(() => withDictionaryEntry('[1, 2]', '猫', 'ネコ', ORIGIN), (e: unknown) => e instanceof DictionaryFileError && e.kind === 'not-an-object');
  });

  test('a bad reading or no word is refused with the reason', () => {
    assert.throws(() => withDictionaryEntry('{}', '猫', 'neko', ORIGIN), /the reading of "猫" must be kana, found "neko"/);
    assert.throws(() => withDictionaryEntry('{}', '猫', '', ORIGIN), /the reading of "猫" is empty/);
    assert.throws(() => withDictionaryEntry('{}', '', 'ネコ', ORIGIN), /has no word/);
  });
});

test('the settings win over the file; each keeps its other entries', () => {
  const file = { 読上: 'ヨミジョウ', 東京: 'トーキョー' };
  const settings = { 読上: 'ヨミアゲ', 大阪: 'オーサカ' };
  assert.deepEqual(mergeDictionaries(file, settings), { 読上: 'ヨミアゲ', 東京: 'トーキョー', 大阪: 'オーサカ' });
  assert.deepEqual(file, { 読上: 'ヨミジョウ', 東京: 'トーキョー' }, 'the inputs are not changed');
});
