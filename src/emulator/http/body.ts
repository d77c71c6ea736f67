// Reads and parses a JSON request body. An empty body (archive, DELETE) is `undefined`.
import type { IncomingMessage } from 'node:http';
import { badRequest } from './errors.js';

const MAX_BODY_BYTES = 1024 * 1024;

export async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size <= MAX_BODY_BYTES) chunks.push(buffer);
  }
  if (size > MAX_BODY_BYTES) throw badRequest(`Request body too large (over ${MAX_BODY_BYTES} bytes).`);
  return Buffer.concat(chunks).toString('utf8');
}

export function parseJsonBody(text: string): unknown {
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw badRequest(
      'We could not parse the JSON body of your request. (HINT: This likely means you aren\'t using your HTTP ' +
        'library correctly. The OpenAI API expects a JSON payload, but what was sent was not valid JSON.)',
    );
  }
}
