// The parts of other files that are generated from the catalog, models/manifest.json: package.json's yomiage.voice
// and yomiage.modelVariant enums and defaults, their nls strings (English and Japanese), the voice table in README.md
// and the credits in ThirdPartyNotices.txt (scripts/package.js).
//
//   node scripts/lib/catalog.js          rewrites what drifted (npm run catalog)
//   node scripts/lib/catalog.js --check  lists what drifted, exit 1 if anything did
//
// test/unit/model/catalog.test.ts runs the check, so a change to the catalog that is not carried over fails the tests.
'use strict';
const fs = require('fs');
const path = require('path');

const root = path.resolve(__dirname, '..', '..');
const README_BEGIN = '<!-- generated from models/manifest.json by `npm run catalog`: voices -->';
const README_END = '<!-- end of generated voices -->';

const readJson = (rel) => JSON.parse(fs.readFileSync(path.join(root, rel), 'utf8'));
const asText = (t) => (typeof t === 'string' ? { en: t, ja: t } : t);

function voiceNls(v, lang) {
  const label = asText(v.label ?? v.id)[lang];
  const parts = [v.description && asText(v.description)[lang], v.grade && (lang === 'ja' ? `グレード ${v.grade}。` : `Grade ${v.grade}.`)];
  return `${label}: ${parts.filter(Boolean).join(lang === 'ja' ? '' : ' ')}`;
}

/** Files (relative path → expected text) as the catalog says they should be. */
function expected(manifest = readJson('models/manifest.json')) {
  const voices = Object.entries(manifest.voices);
  const models = Object.entries(manifest.models);
  const out = {};

  const pkg = readJson('package.json');
  const props = pkg.contributes.configuration.properties;
  // One voice of the catalog, a blend of them (`jf_alpha*0.6+jf_nezumi*0.4`, src/core/engine/voiceBlend.ts), or a
  // style of an engine listed in yomiage.engines (`voicevox:3`, the form src/vscode/engines.ts parseEngineVoice reads).
  const { enum: _e, enumDescriptions: _d, anyOf: _a, ...voiceProp } = props['yomiage.voice'];
  props['yomiage.voice'] = {
    ...voiceProp,
    default: manifest.defaultVoice,
    anyOf: [
      { enum: voices.map(([id]) => id), enumDescriptions: voices.map(([id]) => `%voice.${id}%`) },
      { pattern: blendPattern(voices.map(([id]) => id)), patternErrorMessage: '%cfg.voice.blend%' },
      { pattern: '^[A-Za-z][A-Za-z0-9_-]{0,31}:[0-9]{1,9}$' },
    ],
  };
  Object.assign(props['yomiage.modelVariant'], {
    enum: models.map(([id]) => id),
    default: manifest.defaultModel,
    enumDescriptions: models.map(([id]) => `%variant.${id}%`),
  });
  out['package.json'] = JSON.stringify(pkg, null, 2) + '\n';

  for (const [file, lang] of [['package.nls.json', 'en'], ['package.nls.ja.json', 'ja']]) {
    const nls = readJson(file);
    // catalog keys are rewritten: stale ones (a voice that left the catalog) go, new ones come
    for (const k of Object.keys(nls)) if (/^(voice|variant)\./.test(k)) delete nls[k];
    for (const [id, v] of voices) nls[`voice.${id}`] = voiceNls(v, lang);
    for (const [id, m] of models) nls[`variant.${id}`] = asText(m.description ?? m.label)[lang];
    out[file] = JSON.stringify(nls, null, 2) + '\n';
  }

  const readme = fs.readFileSync(path.join(root, 'README.md'), 'utf8');
  const a = readme.indexOf(README_BEGIN);
  const b = readme.indexOf(README_END);
  if (a < 0 || b < a) throw new Error(`README.md lacks the markers of the generated voice table (${README_BEGIN} … ${README_END})`);
  out['README.md'] = readme.slice(0, a) + README_BEGIN + '\n' + readmeVoices(manifest) + README_END + readme.slice(b + README_END.length);
  return out;
}

/** A regular expression for a blend of the catalog's voices: id, optionally *weight (> 0), joined by +. */
function blendPattern(ids) {
  const part = `\\s*(?:${ids.join('|')})\\s*(?:\\*\\s*(?:\\d+(?:\\.\\d*)?|\\.\\d+)\\s*)?`;
  return `^${part}(?:\\+${part})+$`;
}

function readmeVoices(manifest) {
  const rows = Object.entries(manifest.voices).map(([id, v]) => {
    const credit = v.credit ? `${asText(v.credit).en} ([source](${v.credit.url}), [licence](${v.credit.licenseUrl}))` : '';
    const name = `${asText(v.label ?? id).en}${id === manifest.defaultVoice ? ' (default)' : ''}`;
    return `| \`${id}\` | ${name} | ${v.gender ?? ''} | ${v.grade ?? ''} | ${v.license ?? ''} | ${credit} |`;
  });
  return ['| Voice | Name | Gender | Grade | Licence | Training data credit |', '|---|---|---|---|---|---|', ...rows, ''].join('\n');
}

/** The catalog's part of ThirdPartyNotices.txt: the model's source and licence, each voice's licence and credit. */
function notices(manifest = readJson('models/manifest.json')) {
  const lines = [
    '='.repeat(78),
    `Kokoro-82M v1.0 model and voices, downloaded on first use (not shipped): ${manifest.source.repository} (${manifest.source.license})`,
    `https://huggingface.co/${manifest.source.repository}, revision ${manifest.source.revision}`,
    '='.repeat(78),
  ];
  for (const [id, v] of Object.entries(manifest.voices)) {
    lines.push(`${id}: ${v.license ?? manifest.source.license}${v.credit ? `. ${asText(v.credit).en} (${v.credit.url}; ${v.credit.license}: ${v.credit.licenseUrl})` : ''}`);
  }
  return lines.join('\n') + '\n';
}

/** The files whose text differs from what the catalog says; with `write`, rewrites them. */
function sync({ write = false } = {}) {
  const drifted = [];
  for (const [rel, text] of Object.entries(expected())) {
    const file = path.join(root, rel);
    if (fs.readFileSync(file, 'utf8') === text) continue;
    drifted.push(rel);
    if (write) fs.writeFileSync(file, text);
  }
  return drifted;
}

module.exports = { expected, notices, sync, voiceNls, README_BEGIN, README_END };

if (require.main === module) {
  const check = process.argv.includes('--check');
  const drifted = sync({ write: !check });
  if (check && drifted.length) {
    console.error(`out of date with models/manifest.json: ${drifted.join(', ')} (run npm run catalog)`);
    process.exit(1);
  }
  console.log(drifted.length ? `${check ? 'drifted' : 'rewrote'}: ${drifted.join(', ')}` : 'everything matches models/manifest.json');
}
