// Measures what importing one provider package costs: the import itself, and the time from
// process start (performance.now() counts from it) to the first page in hand.
const [provider, emuJson, rangeJson] = process.argv.slice(2);
const beforeImport = performance.now();
const { loadListCall } = await import('./clients.mjs');
const listCall = await loadListCall(provider);
const paged = listCall(JSON.parse(emuJson), JSON.parse(rangeJson));
const imported = performance.now();
const page = await paged;
const firstPage = performance.now();
process.stdout.write(
  `${JSON.stringify({ importMs: imported - beforeImport, firstPageMs: firstPage - beforeImport, sinceProcessStartMs: firstPage, items: page.items.length })}\n`,
);
