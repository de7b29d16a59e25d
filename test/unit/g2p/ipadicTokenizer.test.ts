// The flat-dictionary tokenizer against kuromoji 0.1.2 (kept as a devDependency as the oracle): on thousands of
// real words and sentences, every token's fields must be the same, in the same order. kuromoji is the reference
// the readings were tuned on, so equality here means the readings cannot change.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import * as os from 'os';
import * as zlib from 'zlib';
import * as kuromoji from 'kuromoji';
import { findDictionary, readDictionaryAsync } from '../../../src/core/g2p/ipadic/dictionary';
import { IpadicTokenizer } from '../../../src/core/g2p/ipadic/tokenizer';
import benchTexts from '../../../src/cli/benchTexts.json';

const root = path.resolve(__dirname, '..', '..', '..');
const shared = path.resolve(root, '..', 'shared', 'reference');

let oracle: kuromoji.Tokenizer<kuromoji.IpadicFeatures>;
let mine: IpadicTokenizer;

before(async () => {
  oracle = await new Promise((resolve, reject) =>
    kuromoji.builder({ dicPath: path.join(root, 'node_modules', 'kuromoji', 'dict') + path.sep }).build((e, t) => (e ? reject(e) : resolve(t))),
  );
  mine = new IpadicTokenizer(await readDictionaryAsync(findDictionary()));
});

const FIELDS = ['word_id', 'word_type', 'word_position', 'surface_form', 'pos', 'pos_detail_1', 'pos_detail_2', 'pos_detail_3',
  'conjugated_type', 'conjugated_form', 'basic_form', 'reading', 'pronunciation'] as const;

const fields = (tokens: object[]) => tokens.map((t) => FIELDS.map((f) => (t as Record<string, unknown>)[f]));

/** Compares the two on every text; fails with the first few texts that differ. */
function compare(texts: string[]): number {
  const bad: string[] = [];
  for (const text of texts) {
    const want = oracle.tokenize(text);
    const got = mine.tokenize(text);
    try {
      assert.deepEqual(fields(got), fields(want));
      // Unknown words carry no reading fields at all in kuromoji; the same keys must be present.
      assert.deepEqual(got.map((t) => Object.keys(t).sort().join()), want.map((t) => Object.keys(t).sort().join()));
    } catch {
      if (bad.length < 5) bad.push(`${JSON.stringify(text)}\n  kuromoji: ${want.map((t) => t.surface_form).join('|')}\n  flat:     ${got.map((t) => t.surface_form).join('|')}`);
      else bad.push('');
    }
  }
  assert.equal(bad.length, 0, `${bad.length} of ${texts.length} texts differ:\n${bad.filter(Boolean).join('\n')}`);
  return texts.length;
}

test('misaki word list: every 8th of its 147,570 words, alone and joined into runs of 7 words', () => {
  const words = zlib.gunzipSync(fs.readFileSync(path.join(shared, 'misaki_ja_words.txt.gz'))).toString('utf8').split('\n').filter(Boolean);
  assert.ok(words.length > 100_000, `only ${words.length} words in the list`);
  const sample = words.filter((_, i) => i % 8 === 0);
  const runs: string[] = [];
  for (let i = 0; i + 7 <= sample.length; i += 7) runs.push(sample.slice(i, i + 7).join(i % 2 ? '' : '、'));
  assert.ok(compare(sample) + compare(runs) > 20_000);
});

test('misaki example sentences, the bench texts and the project README prose', () => {
  const examples = (JSON.parse(fs.readFileSync(path.join(shared, 'misaki_examples.json'), 'utf8')) as Array<{ text: string }>).map((x) => x.text);
  const readme = fs.readFileSync(path.join(root, 'README.md'), 'utf8').split('\n').filter((l) => /[\u3040-\u30ff\u4e00-\u9fff]/.test(l));
  const lines = [...examples, ...benchTexts.sentences, benchTexts.sentences.join(''), benchTexts.paragraph, ...readme];
  assert.ok(compare(lines) >= 20 + benchTexts.sentences.length);
});

test('odd input: emoji and other surrogate pairs, Latin, digits, spaces, newlines, long katakana and kana runs', () => {
  const texts = [
    '', '。', '、、', '　', ' \t\n', 'a', '😀', '😀😀😀', '𠮷野家で𠮷牛丼', '絵文字😀です', '😀😀は👍', 'A😀B', '😀、😀。',
    'VS Codeで TypeScript 5.4 を使う', 'ｅｘａｍｐｌｅ．ｃｏｍ', 'ＡＢＣ１２３', '１２３４５６７８９０円', '3.14159',
    'コンピューターサイエンスアンドエンジニアリングデパートメント', 'ーーー', 'ヴァイオリン', 'きょうはきゅうりょうびです',
    'あああああああああああああああああああああああああああああああああ', '㐂ちゃん', 'Ωαβγ', 'Привет мир', '①②③',
    '東京都特許許可局長今日急遽休暇許可拒否', 'すもももももももものうち', '彼は「はい」と言った。', '(笑)', '〜〜〜',
    'これは\nふた行目\r\nです', '第3四半期の売上高は前年同期比12.5%増の1,234億円', 'https://example.com/path?q=1',
    '\ud842\udfb7', 'x\u3000y', '一二三四五六七八九十百千万億兆', '々', '〆切', 'ヶ月', 'ゐゑ', '゛゜',
  ];
  assert.equal(compare(texts), texts.length);
});

test('a file that is not the compiled dictionary is refused with a clear error, not read as garbage', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'yomiage-dict-'));
  try {
    const file = path.join(dir, 'ipadic.bin');
    fs.writeFileSync(file, Buffer.from('not a dictionary at all'));
    await assert.rejects(readDictionaryAsync(file), /is not a Yomiage IPADIC file \(wrong header\); rebuild it/);
    // the right header but cut short: a section runs past the end
    const good = fs.readFileSync(findDictionary());
    fs.writeFileSync(file, good.subarray(0, 4096));
    await assert.rejects(readDictionaryAsync(file), /section \w+ out of bounds/);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('the dictionary is read whole into one buffer above glibc\'s mmap ceiling (handed back when a worker ends), the file\'s bytes', async () => {
  const file = findDictionary();
  const onDisk = fs.readFileSync(file);
  const d = await readDictionaryAsync(file);
  // every section is a view of the same allocation, which is larger than 32 MiB (see ALWAYS_MAPPED_BYTES)
  assert.ok(d.base.buffer === d.wordEntries.buffer && d.base.buffer === d.entryCosts.buffer);
  assert.ok(d.base.buffer.byteLength > 32 * 2 ** 20, `buffer of ${d.base.buffer.byteLength} bytes`);
  assert.equal(d.bytes, onDisk.length);
  // the bytes are the file's: the trie's arrays match their place in the file
  const at = d.check.byteOffset;
  assert.deepEqual(Buffer.from(d.check.buffer, at, d.check.byteLength), onDisk.subarray(at, at + d.check.byteLength));
});
