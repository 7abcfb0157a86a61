/**
 * Lists TeleCMI records in a table as they arrive, with `for await`, and cancels with an
 * AbortController: the signal reaches the request in flight, and the loop ends with an
 * AbortError.
 *
 * Where the API is and which credentials to use come from the query string, as `dev.mjs`
 * prints them for the local emulator:
 *   ?baseUrl=http://127.0.0.1:4011&appId=2222224&token=…&pageSize=50
 *
 * The credentials are the emulator's. With a real account, do not ship them to a browser:
 * point `baseUrl` at your own proxy, which adds them (docs/browser.md).
 */
import { AbortError, type CallRecord } from '@cdrkit/core';
import { TeleCmiClient } from '@cdrkit/telecmi';

const params = new URLSearchParams(location.search);
const client = new TeleCmiClient({
  baseUrl: params.get('baseUrl') ?? 'http://127.0.0.1:4011',
  appId: params.get('appId') ?? '2222224',
  token: params.get('token') ?? 'c5a8e2f4-61b3-4d7e-9a2c-7f0e1b3d5a96',
});
const pageSize = Number(params.get('pageSize') ?? 50);

const element = <T extends HTMLElement>(id: string): T => document.getElementById(id) as T;
const form = element<HTMLFormElement>('range');
const from = element<HTMLInputElement>('from');
const to = element<HTMLInputElement>('to');
const load = element<HTMLButtonElement>('load');
const cancel = element<HTMLButtonElement>('cancel');
const status = element<HTMLParagraphElement>('status');
const rows = element<HTMLTableSectionElement>('rows');

let controller: AbortController | undefined;

function show(state: 'loading' | 'done' | 'cancelled' | 'failed', count: number, text: string): void {
  status.dataset.state = state;
  status.dataset.count = String(count);
  status.textContent = text;
}

function row(index: number, record: CallRecord): HTMLTableRowElement {
  const tr = document.createElement('tr');
  const cells = [
    String(index),
    record.startedAt.slice(0, 19).replace('T', ' '),
    record.from ?? '',
    record.to ?? '',
    record.durationSec === null ? '' : `${record.durationSec} s`,
    record.status,
    record.cost === null ? '' : `${record.cost.amount} ${record.cost.currency ?? ''}`,
  ];
  for (const text of cells) {
    const td = document.createElement('td');
    td.textContent = text;
    tr.append(td);
  }
  return tr;
}

form.addEventListener('submit', async (event) => {
  event.preventDefault();
  controller?.abort();
  controller = new AbortController();
  const { signal } = controller;
  rows.replaceChildren();
  load.disabled = true;
  cancel.disabled = false;
  let count = 0;
  show('loading', count, 'Loading…');
  try {
    const records = client.outAnswered({ from: from.value, to: to.value, pageSize, signal }).records();
    for await (const record of records) {
      rows.append(row(++count, record));
      show('loading', count, `Loading… ${count} records`);
    }
    show('done', count, `Done: ${count} records.`);
  } catch (error) {
    if (error instanceof AbortError) show('cancelled', count, `Cancelled after ${count} records.`);
    else show('failed', count, `Failed: ${error instanceof Error ? error.message : String(error)}`);
  } finally {
    load.disabled = false;
    cancel.disabled = true;
  }
});

cancel.addEventListener('click', () => controller?.abort());
