/**
 * The example page (examples/browser), served by Vite and opened in a tab of its own by the
 * `runExamplePage` command: it must fill its table through `for await`, and Cancel must stop
 * the iteration and the request in flight. The screenshot lands in tests/browser/screenshots/.
 */
import { expect, it } from 'vitest';
import { commands } from 'vitest/browser';

it('lists records in a table as they arrive, and Cancel stops the iteration', async () => {
  const run = await commands.runExamplePage();
  expect(run.state).toBe('cancelled');
  expect(run.rowsWhenCancelled).toBeGreaterThanOrEqual(120);
  expect(run.rowsWhenCancelled).toBeLessThan(run.total);
  expect(run.statusText).toBe(`Cancelled after ${run.rowsWhenCancelled} records.`);
  // Nothing arrives after Cancel: no new row, no new request, and the one in flight was cut.
  expect(run.rowsAfterWaiting).toBe(run.rowsWhenCancelled);
  expect(run.requestsAfterCancel).toBe(0);
  expect(run.lastRequestAborted).toBe(true);
  expect(run.screenshot).toMatch(/screenshots\/example-cancelled\.png$/);
});
