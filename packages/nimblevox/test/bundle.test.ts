import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const srcDir = new URL('../src/', import.meta.url);
const sources = readdirSync(srcDir)
  .filter((name) => name.endsWith('.ts'))
  .map((name) => ({ name, text: readFileSync(new URL(name, srcDir), 'utf8') }));

/** Static imports that stay in the emitted JavaScript (`import type` is erased). */
const valueImports = (text: string): string[] =>
  [...text.matchAll(/^import\s+(?!type\s)[^;]*?from\s+'([^']+)';/gms)].map((match) => match[1] ?? '');

describe('the JSON-only bundle', () => {
  it('imports the XML reader only dynamically, so a JSON-only bundle carries no XML parser', () => {
    for (const { name, text } of sources) {
      if (name === 'xml.ts') continue;
      expect(valueImports(text), name).not.toContain('./xml.js');
      expect(valueImports(text), name).not.toContain('@cdrkit/core/xml');
      expect(valueImports(text), name).not.toContain('fast-xml-parser');
    }
    expect(sources.find(({ name }) => name === 'client.ts')?.text).toContain("import('./xml.js')");
  });

  it('uses no Node-only API in the source', () => {
    for (const { name, text } of sources) {
      const code = text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
      expect(code, name).not.toMatch(/from 'node:|\bBuffer\b|\bprocess\./);
    }
  });
});
