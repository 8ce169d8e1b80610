#!/usr/bin/env node
/**
 * AgenticOmni Console REST API quickstart: upload a file, wait until it is processed, ask a
 * question about it and print the cited answer. Plain Node.js (20.19+), no dependencies.
 *
 *   BASE_URL=http://localhost:3000 API_KEY=ao_… node examples/api-quickstart.mjs ./handbook.pdf "How many vacation days?"
 *
 * It knows no URL but the OpenAPI document's: every request is found there by its operationId,
 * so the script keeps working when paths move. With STREAM=1 the answer is printed as it is
 * written (Server-Sent Events). Exit codes: 0 answered, 1 a step failed, 2 usage.
 */
import { openAsBlob } from 'node:fs';
import { stat } from 'node:fs/promises';
import { basename } from 'node:path';

const OPERATIONS = {
  upload: 'uploadDocument',
  getDocument: 'getDocument',
  createSession: 'createChatSession',
  ask: 'askQuestion',
};
const WAIT_SECONDS = Number(process.env.WAIT_SECONDS || 300);
const STREAM = process.env.STREAM === '1';
const POLL_MS = 1000;

class StepError extends Error {}

function usage(message) {
  console.error(`${message}\n\nUsage: BASE_URL=<console URL> API_KEY=<key> node examples/api-quickstart.mjs <file> [question]`);
  process.exit(2);
}

const baseUrl = (process.env.BASE_URL || '').replace(/\/+$/, '');
const apiKey = process.env.API_KEY || '';
const [filePath, questionArg] = process.argv.slice(2);
if (!baseUrl) usage('Set BASE_URL to the console address, e.g. http://localhost:3000.');
if (!apiKey) usage('Set API_KEY to an API key (Users & roles → API keys) with documents:write and chat:use.');
if (!filePath) usage('Name the file to upload.');
const question = questionArg || process.env.QUESTION || 'What is this document about?';

/** `{ error: { code, message, details } }` as one line, whatever the server said. */
async function failure(step, response) {
  const text = await response.text();
  let detail = text.slice(0, 500);
  try {
    const body = JSON.parse(text);
    if (body?.error?.message) detail = `${body.error.code ?? ''} ${body.error.message}`.trim();
  } catch {
    // Not JSON: the text itself says what happened.
  }
  const retry = response.headers.get('retry-after');
  return new StepError(`${step} failed: HTTP ${response.status} ${detail}${retry ? ` (retry after ${retry} s)` : ''}`);
}

/** The operations of the OpenAPI document by operationId: method, path and server base. */
async function loadOperations() {
  const url = `${baseUrl}/api/v1/openapi.json`;
  const response = await fetch(url).catch((error) => {
    throw new StepError(`Could not reach ${url}: ${error.cause?.message ?? error.message}`);
  });
  if (!response.ok) throw await failure('Reading the OpenAPI document', response);
  const document = await response.json();
  const server = document.servers?.[0]?.url ?? '';
  // A relative server URL ("/" or "/api/v1") is relative to the console's address.
  const root = /^https?:/.test(server) ? server.replace(/\/+$/, '') : `${baseUrl}${server.replace(/\/+$/, '')}`;
  const operations = new Map();
  for (const [path, item] of Object.entries(document.paths ?? {})) {
    for (const [method, operation] of Object.entries(item)) {
      if (operation && typeof operation === 'object' && operation.operationId) {
        operations.set(operation.operationId, { method: method.toUpperCase(), path, operation });
      }
    }
  }
  for (const id of Object.values(OPERATIONS)) {
    if (!operations.has(id)) throw new StepError(`The OpenAPI document has no operation "${id}".`);
  }
  return { root, operations };
}

function call(api, id, { params = {}, body, headers = {} } = {}) {
  const { method, path } = api.operations.get(id);
  const filled = path.replace(/\{(\w+)\}/g, (_, name) => {
    if (!(name in params)) throw new StepError(`No value for {${name}} of ${id}.`);
    return encodeURIComponent(params[name]);
  });
  const json = body !== undefined && !(body instanceof FormData);
  return fetch(`${api.root}${filled}`, {
    method,
    headers: {
      authorization: `Bearer ${apiKey}`,
      accept: 'application/json',
      ...(json ? { 'content-type': 'application/json' } : {}),
      ...headers,
    },
    body: json ? JSON.stringify(body) : body,
  });
}

/** The multipart field the upload operation takes its file in (`format: binary`). */
function fileField(operation) {
  const schema = operation.requestBody?.content?.['multipart/form-data']?.schema;
  const properties = schema?.properties ?? {};
  const binary = Object.entries(properties).find(([, p]) => p?.format === 'binary' || p?.contentMediaType === 'application/octet-stream');
  return binary?.[0] ?? 'file';
}

async function upload(api) {
  const info = await stat(filePath).catch(() => null);
  if (!info?.isFile()) throw new StepError(`${filePath} is not a readable file.`);
  const form = new FormData();
  form.append(fileField(api.operations.get(OPERATIONS.upload).operation), await openAsBlob(filePath), basename(filePath));
  const response = await call(api, OPERATIONS.upload, { body: form, headers: { 'idempotency-key': `quickstart-${crypto.randomUUID()}` } });
  if (!response.ok) throw await failure('Uploading the file', response);
  const document = await response.json();
  console.log(`Uploaded ${basename(filePath)} as document ${document.id} (${document.status}).`);
  return document;
}

async function waitUntilProcessed(api, document) {
  const deadline = Date.now() + WAIT_SECONDS * 1000;
  let last = document.status;
  while (document.status !== 'completed') {
    if (document.status === 'failed') throw new StepError(`Processing failed: ${document.failureReason ?? 'no reason given'}`);
    if (Date.now() > deadline) throw new StepError(`The document was still "${document.status}" after ${WAIT_SECONDS} s; giving up.`);
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    const response = await call(api, OPERATIONS.getDocument, { params: { id: document.id } });
    if (!response.ok) throw await failure('Checking the document', response);
    document = await response.json();
    if (document.status !== last) console.log(`Document is ${document.status}.`);
    last = document.status;
  }
  return document;
}

/** Reads a text/event-stream body, printing `token` events as they come; resolves with `done`'s data. */
async function readAnswerStream(response) {
  const decoder = new TextDecoder();
  let buffer = '';
  process.stdout.write('Answer: ');
  for await (const chunk of response.body) {
    buffer += decoder.decode(chunk, { stream: true });
    let end;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const event = /^event: (.*)$/m.exec(block)?.[1];
      const data = /^data: (.*)$/m.exec(block)?.[1];
      if (!event || data === undefined) continue; // a keep-alive comment
      const payload = JSON.parse(data);
      if (event === 'token') process.stdout.write(payload.text);
      else if (event === 'error') throw new StepError(`\nThe answer failed: ${payload.error.code} ${payload.error.message}`);
      else if (event === 'done') {
        process.stdout.write('\n');
        return payload;
      }
    }
  }
  throw new StepError('\nThe answer stream ended before the answer was complete.');
}

async function ask(api, documentName) {
  const created = await call(api, OPERATIONS.createSession, { body: { title: `Quickstart: ${documentName}` } });
  if (!created.ok) throw await failure('Creating a chat session', created);
  const session = await created.json();
  const response = await call(api, OPERATIONS.ask, {
    params: { id: session.id },
    body: { question },
    headers: { 'idempotency-key': `quickstart-${crypto.randomUUID()}`, ...(STREAM ? { accept: 'text/event-stream' } : {}) },
  });
  if (!response.ok) throw await failure('Asking the question', response);
  return STREAM ? readAnswerStream(response) : response.json();
}

async function main() {
  const api = await loadOperations();
  const document = await waitUntilProcessed(api, await upload(api));
  console.log(`Question: ${question}`);
  const answer = await ask(api, document.filename);
  if (!STREAM) console.log(`Answer: ${answer.content}`);
  if (!answer.citations?.length) {
    console.log('Citations: none (the documents did not answer the question).');
    return;
  }
  console.log('Citations:');
  for (const c of answer.citations) {
    const page = c.page == null ? '' : `, page ${c.page}`;
    console.log(`  [${c.n}] ${c.documentName} (document ${c.documentId}${page}): "${c.quote}"`);
  }
}

main().catch((error) => {
  console.error(error instanceof StepError ? error.message : error);
  process.exit(1);
});
