// Every answer is JSON with an `x-request-id`; errors use the OpenAI error body.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ApiFailure } from './errors.js';

export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  requestId: string,
  headers: Record<string, string> = {},
): void {
  if (res.destroyed || res.headersSent) return;
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
    'x-request-id': requestId,
    ...headers,
  });
  res.end(text);
}

/** A body as given, e.g. a JSON answer cut short (a behaviour profile). */
export function sendText(res: ServerResponse, status: number, text: string, requestId: string): void {
  if (res.destroyed || res.headersSent) return;
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), 'x-request-id': requestId });
  res.end(text);
}

export function sendFailure(res: ServerResponse, failure: ApiFailure, requestId: string): void {
  sendJson(res, failure.status, failure.toBody(), requestId, failure.headers);
}

/** Ends the exchange without an answer, as a crashed or cut-off server would. */
export function dropConnection(req: IncomingMessage, res: ServerResponse): void {
  res.destroy();
  req.socket.destroy();
}
