/**
 * The shared fixtures: the providers' documented samples and the production shapes, in
 * `packages/test-helpers/fixtures/<provider>/`, read by every package's tests.
 * @module
 */
import { readFileSync } from 'node:fs';

/** The text of `fixtures/<provider>/<name>`. */
export function readFixture(provider: string, name: string): string {
  return readFileSync(new URL(`../fixtures/${provider}/${name}`, import.meta.url), 'utf8');
}

/** `fixtures/<provider>/<name>`, parsed as JSON. */
export function readJsonFixture<T = unknown>(provider: string, name: string): T {
  return JSON.parse(readFixture(provider, name)) as T;
}
