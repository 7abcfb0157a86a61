/**
 * Writes the "Every case" section of docs/reliability.md from a vitest JSON report of this
 * suite, so the document lists each case with the result of a real run:
 *
 *   npx vitest run --project reliability --reporter=json --outputFile=/tmp/reliability.json
 *   node tests/reliability/write-cases.mjs /tmp/reliability.json
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { basename } from 'node:path';
import { fileURLToPath } from 'node:url';

const reportPath = process.argv[2];
if (reportPath === undefined) {
  console.error('usage: node tests/reliability/write-cases.mjs <vitest-json-report>');
  process.exit(2);
}
const report = JSON.parse(readFileSync(reportPath, 'utf8'));
const doc = fileURLToPath(new URL('../../docs/reliability.md', import.meta.url));

const RESULT = { passed: '✓ passed', failed: '✗ failed', skipped: '– skipped', pending: '– skipped' };
const cell = (text) => text.replaceAll('|', '\\|').replaceAll('\n', ' ');

const files = [...report.testResults].sort((a, b) => a.name.localeCompare(b.name));
const wall = Math.max(...files.map((file) => file.endTime)) - report.startTime;
const lines = [
  `${report.numPassedTests} passed, ${report.numFailedTests} failed, ${report.numTotalTests} cases, ` +
    `${Math.round(wall / 1000)} s wall time (${new Date(report.startTime).toISOString().slice(0, 10)}, ` +
    `Node ${process.version}).`,
  '',
];
for (const file of files) {
  lines.push(`### ${basename(file.name)}`, '', '| group | case | result | ms |', '|---|---|---|---:|');
  for (const test of file.assertionResults) {
    const group = test.ancestorTitles.join(' › ');
    const ms = test.duration === undefined || test.duration === null ? '' : String(Math.round(test.duration));
    lines.push(`| ${cell(group)} | ${cell(test.title)} | ${RESULT[test.status] ?? test.status} | ${ms} |`);
  }
  lines.push('');
}

const text = readFileSync(doc, 'utf8');
const start = '<!-- cases:start -->';
const end = '<!-- cases:end -->';
const from = text.indexOf(start);
const to = text.indexOf(end);
if (from < 0 || to < from) throw new Error(`${doc} has no ${start} … ${end} block`);
writeFileSync(doc, `${text.slice(0, from + start.length)}\n${lines.join('\n')}\n${text.slice(to)}`);
console.log(`wrote ${report.numTotalTests} cases into ${doc}`);
