import { type Answer, answer, type Handler, type SeenRequest } from '@cdrkit/test-helpers';

/** The bSmartXML fields of a request body or query string, as name → value. */
export function requestFields(request: SeenRequest): Record<string, string> {
  if (request.method === 'GET') return Object.fromEntries(request.query);
  const fields: Record<string, string> = {};
  for (const match of request.body.matchAll(/<(\w+) value="([^"]*)"\/>/g)) fields[match[1]!] = match[2]!;
  return fields;
}

/** A handler that answers each request with the XML document `respond` returns for it. */
export function xmlAnswer(respond: (request: SeenRequest, index: number) => string | Answer): Handler {
  return answer((request, index) => {
    const reply = respond(request, index);
    const { status = 200, body } = typeof reply === 'string' ? { body: reply } : reply;
    return { status, body, headers: { 'content-type': 'text/xml' } };
  });
}
