import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { posix } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import GithubSlugger from 'github-slugger';
import { Lexer, marked, type Token } from 'marked';

/**
 * The documentation stands on its own: every link in README.md and docs/ resolves to a file of the
 * repository (and to a heading, for an anchor), and none leads outside it: no `../shared`, no
 * absolute path, no URL. A URL that is truly needed goes in ALLOWED_URLS, with its reason.
 */
const ALLOWED_URLS: readonly string[] = [];

/** Files of the repository as a clone has them: tracked, plus new ones git does not ignore. */
const FILES = new Set(
  execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], {
    encoding: 'utf8',
  })
    .split('\0')
    .filter(Boolean),
);
const DIRECTORIES = new Set(
  [...FILES].flatMap((f) =>
    f
      .split('/')
      .slice(0, -1)
      .map((_, i, parts) => parts.slice(0, i + 1).join('/')),
  ),
);
const DOCUMENTS = [...FILES]
  .filter((f) => f === 'README.md' || (f.startsWith('docs/') && f.endsWith('.md')))
  .sort();

interface Page {
  links: string[];
  anchors: Set<string>;
}

/** The links and the heading anchors (as GitHub makes them) of one markdown text. */
function readPage(markdown: string): Page {
  const tokens = new Lexer().lex(markdown);
  const slugger = new GithubSlugger();
  const links: string[] = [];
  const anchors = new Set<string>();
  void marked.walkTokens(tokens, (token) => {
    if (token.type === 'link' || token.type === 'image') links.push(token.href);
    if (token.type === 'html') {
      for (const m of token.raw.matchAll(/\b(href|src|id|name)\s*=\s*["']([^"']*)["']/g)) {
        if (m[1] === 'href' || m[1] === 'src') links.push(m[2]);
        else anchors.add(m[2]);
      }
    }
    if (token.type === 'heading') anchors.add(slugger.slug(plainText(token.tokens ?? [])));
  });
  return { links, anchors };
}

/** A heading's text as rendered, without markup: what GitHub makes its anchor from. */
function plainText(tokens: Token[]): string {
  return tokens
    .map((t) => {
      if (t.type === 'codespan') return t.raw.replace(/^`+|`+$/g, '');
      if (t.type === 'html') return '';
      if ('tokens' in t && t.tokens) return plainText(t.tokens);
      return 'text' in t ? (t.text as string) : '';
    })
    .join('');
}

/** Every problem with the links of the page at `path`; `pages` holds every page by path. */
function problemsOf(path: string, pages: Map<string, Page>): string[] {
  const problems: string[] = [];
  for (const link of pages.get(path)!.links) {
    const problem = linkProblem(path, link, pages);
    if (problem) problems.push(`${path}: ${link} ${problem}`);
  }
  return problems;
}

function linkProblem(from: string, link: string, pages: Map<string, Page>): string | null {
  if (/^[a-z][a-z\d+.-]*:/i.test(link) || link.startsWith('//')) {
    return ALLOWED_URLS.includes(link) ? null : 'leads outside the repository (a URL)';
  }
  if (link.startsWith('/')) return 'is an absolute path, outside the repository';
  const [rawPath, anchor] = link.split('#', 2);
  const path = decodeURIComponent(rawPath);
  const target = path === '' ? from : posix.normalize(posix.join(posix.dirname(from), path));
  if (target === '..' || target.startsWith('../')) return 'leads outside the repository';
  const file = target.replace(/\/$/, '');
  if (path !== '' && !FILES.has(file) && !DIRECTORIES.has(file)) {
    return 'names no file of the repository';
  }
  if (anchor === undefined) return null;
  const page = pages.get(file) ?? (file.endsWith('.md') ? readFile(file) : null);
  if (!page) return 'has an anchor into a file that is not markdown';
  return page.anchors.has(anchor) ? null : `names no heading of ${file}`;
}

function readFile(path: string): Page {
  return readPage(readFileSync(path, 'utf8'));
}

describe('documentation links', () => {
  it('should check README.md and every page of docs/', () => {
    expect(DOCUMENTS).toEqual(
      expect.arrayContaining(['README.md', 'docs/README.md', 'docs/scaling.md']),
    );
  });

  it('should resolve every link inside the repository, and every anchor to a heading', () => {
    const pages = new Map(DOCUMENTS.map((path) => [path, readFile(path)]));
    expect(DOCUMENTS.flatMap((path) => problemsOf(path, pages))).toEqual([]);
  });

  it('should find the links and anchors a page really has (the check can fail)', () => {
    const sample = [
      '# The sample',
      '## `POST /events/batch`',
      '[contract](../shared/API-CONTRACT.md) and [bench](/work/shared/bench) and <https://example.com>',
      '',
      '| page | link |',
      '| --- | --- |',
      '| a | [missing](docs/nope.md) |',
      '| b | [bad anchor](docs/README.md#nope) |',
      '',
      '[ok](docs/README.md#api-reference) [ok too](#post-eventsbatch) [folder](docs/)',
      'Text with <a href="../outside.md">html</a> inline.',
      '',
      '```',
      '[inside a code block](nowhere.md)',
      '```',
    ].join('\n');
    const pages = new Map([
      ['SAMPLE.md', readPage(sample)],
      ['docs/README.md', readFile('docs/README.md')],
    ]);
    expect(problemsOf('SAMPLE.md', pages)).toEqual([
      'SAMPLE.md: ../shared/API-CONTRACT.md leads outside the repository',
      'SAMPLE.md: /work/shared/bench is an absolute path, outside the repository',
      'SAMPLE.md: https://example.com leads outside the repository (a URL)',
      'SAMPLE.md: docs/nope.md names no file of the repository',
      'SAMPLE.md: docs/README.md#nope names no heading of docs/README.md',
      'SAMPLE.md: ../outside.md leads outside the repository',
    ]);
  });
});
