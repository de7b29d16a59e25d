/**
 * Markdown and code-comment markup that is not read aloud: heading marks, emphasis, bullets, quotes, link
 * targets, inline-code backticks, HTML tags and comment markers (//, #, /* *\/, leading *, <!-- -->, --).
 *
 * `stripMarkup` keeps the text's length: every removed character becomes a space, so offsets into the result
 * are offsets into the source (the chunker and the editor highlight work in source offsets).
 */

type Family = 'markdown' | 'c' | 'hash' | 'dash' | 'html' | 'lisp' | 'percent' | 'quote' | 'plain' | 'any';

const FAMILIES: Record<string, Family> = {};
for (const id of ['markdown', 'mdx']) FAMILIES[id] = 'markdown';
for (const id of ['javascript', 'typescript', 'javascriptreact', 'typescriptreact', 'c', 'cpp', 'csharp', 'java', 'go', 'rust', 'swift', 'kotlin', 'scala', 'php', 'dart', 'css', 'scss', 'less', 'jsonc', 'json5', 'objective-c', 'objective-cpp', 'groovy', 'fsharp', 'zig', 'proto', 'glsl', 'hlsl', 'cuda-cpp', 'vue', 'svelte'])
  FAMILIES[id] = 'c';
for (const id of ['python', 'shellscript', 'ruby', 'perl', 'yaml', 'toml', 'r', 'makefile', 'dockerfile', 'powershell', 'coffeescript', 'elixir', 'julia', 'nim', 'properties', 'ini', 'cmake', 'gitignore', 'ignore', 'dotenv', 'nix', 'tcl', 'crystal'])
  FAMILIES[id] = 'hash';
for (const id of ['sql', 'lua', 'haskell', 'elm', 'ada', 'purescript']) FAMILIES[id] = 'dash';
for (const id of ['html', 'xml', 'xsl', 'svg']) FAMILIES[id] = 'html';
for (const id of ['clojure', 'lisp', 'scheme', 'racket', 'commonlisp', 'ini-lisp']) FAMILIES[id] = 'lisp';
for (const id of ['latex', 'tex', 'bibtex', 'matlab', 'erlang', 'prolog']) FAMILIES[id] = 'percent';
for (const id of ['vb', 'vba']) FAMILIES[id] = 'quote';
for (const id of ['plaintext', 'text', 'log']) FAMILIES[id] = 'plain';

export function markupFamily(languageId?: string): Family {
  if (!languageId) return 'any';
  return FAMILIES[languageId] ?? 'any';
}

type Fill = (s: string) => string;
const keepLength: Fill = (s) => s.replace(/[^\n]/g, ' ');
const remove: Fill = () => '';

/** Line-start markers per family (after optional indentation). */
const LINE_START: Record<Family, RegExp | null> = {
  markdown: /^([ \t]*)((?:>[ \t]?)+|#{1,6}[ \t]+|(?:[-*+][ \t]+)(?:\[[ xX]\][ \t]+)?|\|)/,
  c: /^([ \t]*)(\/\/[\/!]?[ \t]?|\/\*+!?[ \t]?|\*\/|\*(?!\*)[ \t]?)/,
  hash: /^([ \t]*)(#+!?[ \t]?|"""|''')/,
  dash: /^([ \t]*)(--+[ \t]?)/,
  html: /^([ \t]*)(<!--[ \t]?)/,
  lisp: /^([ \t]*)(;+[ \t]?)/,
  percent: /^([ \t]*)(%+[ \t]?)/,
  quote: /^([ \t]*)('[ \t]?|[Rr][Ee][Mm][ \t])/,
  plain: null,
  any: /^([ \t]*)(\/\/[\/!]?[ \t]?|\/\*+!?[ \t]?|\*\/|\*(?!\*)[ \t]+|#{1,6}[ \t]+|#!|--[ \t]+|<!--[ \t]?|(?:>[ \t]?)+|[-+][ \t]+(?:\[[ xX]\][ \t]+)?)/,
};

const INLINE_MD: Array<[RegExp, (fill: Fill, ...g: string[]) => string]> = [
  // HTML comment markers (the words inside are read), closing block-comment markers
  [/<!--|-->/g, (f, m) => f(m)],
  [/\*\/[ \t]*$/gm, (f, m) => f(m)],
  // images and links: keep the visible text
  [/!?\[([^[\]\n]*)\]\((?:[^()\s]|\([^()\s]*\))*(?:\s+"[^"\n]*")?\)/g, (f, m, t) => f(m.slice(0, m.indexOf('[') + 1)) + t + f(m.slice(m.indexOf('[') + 1 + t.length))],
  [/\[([^[\]\n]+)\]\[[^[\]\n]*\]/g, (f, m, t) => f('[') + t + f(m.slice(1 + t.length))],
  // autolinks <https://…> keep the URL (read by host), drop the brackets
  [/<((?:https?|ftp):\/\/[^>\s]+)>/g, (f, _m, u) => f('<') + u + f('>')],
  [/<\/?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?\/?>/g, (f, m) => f(m)],
  // emphasis and strike-through markers, inline code backticks
  [/\*\*|__(?=\S)|(?<=\S)__|~~/g, (f, m) => f(m)],
  [/(?<![\w*])\*(?=[^\s*])|(?<=[^\s*])\*(?![\w*])/g, (f, m) => f(m)],
  [/(?<![A-Za-z0-9_])_(?=[^\s_])|(?<=[^\s_])_(?![A-Za-z0-9_])/g, (f, m) => f(m)],
  [/`+/g, (f, m) => f(m)],
  // trailing heading hashes "## title ##"
  [/[ \t]+#+[ \t]*$/gm, (f, m) => f(m)],
];

function stripLines(text: string, family: Family, fill: Fill): string {
  const start = LINE_START[family];
  const lines = text.split('\n');
  let inFence = false;
  for (let i = 0; i < lines.length; i++) {
    let line = lines[i];
    // fences and horizontal rules are never read
    if (/^[ \t]*(```|~~~)/.test(line)) {
      inFence = !inFence;
      lines[i] = fill(line);
      continue;
    }
    // Inside a Markdown code block only comment markers are removed.
    const lineStart = inFence && family === 'markdown' ? LINE_START.any : start;
    if (/^[ \t]*([-*_=])(?:[ \t]*\1){2,}[ \t]*$/.test(line) && family !== 'plain') {
      lines[i] = fill(line);
      continue;
    }
    if (lineStart) {
      // strip repeated markers: "> - item", "// * note"
      for (let k = 0; k < 3; k++) {
        const m = lineStart.exec(line);
        if (!m || !m[2]) break;
        line = m[1] + fill(m[2]) + line.slice(m[0].length);
        if (fill === remove) line = line.replace(/^[ \t]+/, '');
      }
      // JSDoc / Javadoc tags: "@param name" reads "param name".
      if (family === 'c' || family === 'any') line = line.replace(/^([ \t]*)@(?=(?:param|returns?|throws|exception|example|see|deprecated|since|type|typedef|property|prop|template|remarks|default|author|version|todo|link|override|internal|beta|alpha|note|yields|callback)\b)/, (_m, ws: string) => ws + fill('@'));
      if (!inFence && (family === 'markdown' || family === 'any')) line = line.replace(/[ \t]*\|[ \t]*/g, (m) => (fill === remove ? ' ' : fill(m)));
    }
    lines[i] = line;
  }
  return lines.join('\n');
}

function stripInline(text: string, fill: Fill): string {
  let t = text;
  for (const [re, rep] of INLINE_MD) t = t.replace(re, (...args: unknown[]) => rep(fill, ...(args.filter((a) => typeof a === 'string') as string[])));
  return t;
}

/**
 * Replaces markup with spaces (same length, so source offsets stay valid). `languageId` is a VS Code language
 * id (markdown, typescript, python, …); without it the common markers of all families are recognised.
 */
export function stripMarkup(text: string, languageId?: string): string {
  const family = markupFamily(languageId);
  if (family === 'plain') return text;
  let t = stripLines(text, family, keepLength);
  t = stripInline(t, keepLength);
  return t;
}

/** Like stripMarkup but removes the markup (for normalize, which does not need offsets). */
export function removeMarkup(text: string, languageId?: string): string {
  const family = markupFamily(languageId);
  if (family === 'plain') return text;
  return stripInline(stripLines(text, family, remove), remove);
}
