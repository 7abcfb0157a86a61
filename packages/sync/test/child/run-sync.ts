/**
 * A sync in a process of its own, for the kill-and-rerun test: prints each committed page's
 * progress as a JSON line, then the summary. Run with tsx and this folder's tsconfig, which
 * maps `@cdrkit/*` to the sources. Arguments: db, emulator URL, API key, from, to.
 */
import { NimblevoxClient } from '@cdrkit/nimblevox';
import { accountOf } from '../../src/account.js';
import { openStore } from '../../src/store/open.js';
import { sync } from '../../src/sync.js';

const [db = '', baseUrl = '', apiKey = '', from = '', to = ''] = process.argv.slice(2);
const client = new NimblevoxClient({ apiKey, baseUrl });
const store = await openStore(db);
try {
  const summary = await sync({
    source: {
      provider: 'nimblevox',
      account: accountOf('nimblevox', { apiKey }),
      operation: 'listSdrs',
      list: (request) => client.listSdrs(request),
    },
    store,
    from,
    to,
    onProgress: (progress) => process.stdout.write(`${JSON.stringify({ progress })}\n`),
  });
  process.stdout.write(`${JSON.stringify({ summary })}\n`);
} finally {
  await store.close();
}
