// Prints the self time of a .cpuprofile by function and by file, largest first.
import { readFileSync } from 'node:fs';

const profile = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const byId = new Map(profile.nodes.map((node) => [node.id, node]));
const self = new Map();
const deltas = profile.timeDeltas;
for (let i = 0; i < profile.samples.length; i++) {
  const node = byId.get(profile.samples[i]);
  self.set(node, (self.get(node) ?? 0) + (deltas[i] ?? 0));
}
const total = [...self.values()].reduce((a, b) => a + b, 0);
const group = (keyOf) => {
  const sums = new Map();
  for (const [node, us] of self) sums.set(keyOf(node), (sums.get(keyOf(node)) ?? 0) + us);
  return [...sums].sort((a, b) => b[1] - a[1]).slice(0, 25);
};
const short = (url) => url.replace(/^.*\/(packages|node_modules)\//, '$1/');
for (const [title, keyOf] of [
  [
    'function',
    (n) => `${n.callFrame.functionName || '(anon)'} ${short(n.callFrame.url)}:${n.callFrame.lineNumber}`,
  ],
  ['file', (n) => short(n.callFrame.url) || n.callFrame.functionName],
]) {
  console.log(`\n== by ${title} (total ${(total / 1e6).toFixed(2)} s)`);
  for (const [key, us] of group(keyOf))
    console.log(`${((100 * us) / total).toFixed(1).padStart(5)}%  ${key}`);
}

// Inclusive time: each sample counts once for every distinct function on its stack.
const parent = new Map();
for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
const inclusive = new Map();
for (let i = 0; i < profile.samples.length; i++) {
  const seen = new Set();
  for (let id = profile.samples[i]; id !== undefined; id = parent.get(id)) {
    const f = byId.get(id).callFrame;
    const key = `${f.functionName || '(anon)'} ${short(f.url)}:${f.lineNumber}`;
    if (seen.has(key)) continue;
    seen.add(key);
    inclusive.set(key, (inclusive.get(key) ?? 0) + (deltas[i] ?? 0));
  }
}
console.log(`\n== inclusive, cdrkit and zod frames`);
for (const [key, us] of [...inclusive]
  .filter(([k]) => /packages\/|zod/.test(k))
  .sort((a, b) => b[1] - a[1])
  .slice(0, 30)) {
  console.log(`${((100 * us) / total).toFixed(1).padStart(5)}%  ${key}`);
}
