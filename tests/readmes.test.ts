/**
 * READMEs are for the people who use Tract: they say what a part is and how
 * to use it. Issue numbers mean nothing to those readers (engineering notes,
 * which may cite them, live in `docs/` files beside the code), so no README
 * in the repository may mention one; and the root README keeps the exact
 * quick start a newcomer types.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = new URL('..', import.meta.url).pathname;

/** Folders that hold installed, built or generated files, not the repository's own READMEs. */
const SKIPPED = new Set(['node_modules', '.git', 'dist', '.output', '.wxt', '.tract']);

/** Every README.md in the repository, as paths relative to its root. */
function readmes(dir = ROOT): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    if (entry.isDirectory()) return SKIPPED.has(entry.name) ? [] : readmes(join(dir, entry.name));
    return entry.name === 'README.md' ? [relative(ROOT, join(dir, entry.name))] : [];
  });
}

/**
 * The issue references in `text`, each with its line number: "issue 12",
 * "issues 3 and 4", "issue #3", "Issue no. 7", or a bare "#12". A colour
 * (`#1d4ed8`) and an HTML character reference (`&#39;`) are not references.
 */
function issueReferences(text: string): string[] {
  const reference = /\bissues?\s*(?:#|no\.?\s*|n°\s*)?\d+|(?<![&\w#])#\d+\b/gi;
  return text.split('\n').flatMap((line, i) => [...line.matchAll(reference)].map((match) => `line ${i + 1}: "${match[0]}"`));
}

describe('READMEs', () => {
  it('recognise an issue reference in any of its forms, and only those', () => {
    expect(issueReferences('Targets (issue 3): 5,000/s')).toEqual(['line 1: "issue 3"']);
    expect(issueReferences('fixed in\nIssue #12, see #7.')).toEqual(['line 2: "Issue #12"', 'line 2: "#7"']);
    expect(issueReferences('as issues 4 and 5 asked')).toEqual(['line 1: "issues 4"']);
    expect(issueReferences('`--tract-color-primary` `#1d4ed8`; `&#39;`; field issues in French; `issueMessages`')).toEqual([]);
  });

  it('are found across the repository', () => {
    const found = readmes();
    expect(found).toContain('README.md');
    expect(found).toContain(join('packages', 'relay', 'README.md'));
    expect(found.some((path) => path.includes('node_modules'))).toBe(false);
  });

  it('mention no issue number', () => {
    const mentions = readmes().flatMap((path) =>
      issueReferences(readFileSync(join(ROOT, path), 'utf8')).map((reference) => `${path} ${reference}`),
    );
    expect(mentions).toEqual([]);
  });

  it('keep the quick start a newcomer types', () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    expect(readme).toMatch(/^npm install && npm start\b/m);
    expect(readme).toMatch(/^npm test\b/m);
  });
});
