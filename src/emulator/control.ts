// The test-hook surface under /_emulator/ (outside /v1; needs an admin key like the API). Not
// subject to faults, latency or throttle, and not written to the request log.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { AcceptInviteError } from './accept-invite.js';
import { authenticate } from './auth.js';
import { parseBehaviour } from './behaviour.js';
import type { Emulator } from './emulator.js';
import { parseFaultRules } from './fault-rules.js';
import { parseJsonBody, readBody } from './http/body.js';
import { ApiFailure, badRequest, invalidUrl, methodNotAllowed, notFound } from './http/errors.js';
import { Fields } from './http/fields.js';
import { sendFailure, sendJson } from './http/respond.js';
import { Router, type Route } from './http/router.js';
import { renderUser } from './routes/users.js';
import { SeedError } from './seed.js';
import type { LatencyRange } from './types.js';

interface ControlContext {
  emulator: Emulator;
  body: unknown;
}

function readLatency(value: unknown): number | LatencyRange {
  if (typeof value === 'number' && value >= 0) return value;
  const range = new Fields(value, ['min', 'max'], 'ms');
  const min = range.integer('min', 0);
  const max = range.integer('max', min);
  return { min, max };
}

const routes: Route<ControlContext>[] = [
  {
    method: 'GET',
    template: '/_emulator/requests',
    handler: ({ emulator }) => ({ object: 'list', data: emulator.log.list(), counts: emulator.log.counts() }),
  },
  {
    method: 'DELETE',
    template: '/_emulator/requests',
    handler: ({ emulator }) => {
      emulator.log.reset();
      return { object: 'emulator.requests.deleted', deleted: true };
    },
  },
  {
    method: 'POST',
    template: '/_emulator/invites/accept',
    handler: ({ emulator, body }) => {
      const email = new Fields(body, ['email']).string('email');
      try {
        return renderUser(emulator.state, emulator.acceptInvite(email));
      } catch (error) {
        if (error instanceof AcceptInviteError) throw notFound(error.message);
        throw error;
      }
    },
  },
  { method: 'GET', template: '/_emulator/state', handler: ({ emulator }) => emulator.snapshot() },
  {
    method: 'POST',
    template: '/_emulator/state',
    handler: ({ emulator, body }) => {
      try {
        emulator.replaceState(body);
      } catch (error) {
        if (error instanceof SeedError) throw badRequest(error.message);
        throw error;
      }
      return emulator.snapshot();
    },
  },
  {
    method: 'POST',
    template: '/_emulator/faults',
    handler: ({ emulator, body }) => {
      const fields = new Fields(body, ['rules', 'seed']);
      const seed = fields.optionalInteger('seed', 0) ?? 1;
      try {
        emulator.faults.set(parseFaultRules(fields.optionalArray('rules') ?? []), seed);
      } catch (error) {
        throw badRequest((error as Error).message, 'rules');
      }
      return { object: 'emulator.faults', seed };
    },
  },
  {
    method: 'POST',
    template: '/_emulator/throttle',
    handler: ({ emulator, body }) => {
      // A body of `null` turns it off, as does `{"requests_per_minute": null}` or no body.
      const rpm = body === null ? null : (new Fields(body, ['requests_per_minute']).optionalInteger('requests_per_minute', 1) ?? null);
      emulator.setThrottle(rpm === null ? null : { requestsPerMinute: rpm });
      return { object: 'emulator.throttle', requests_per_minute: rpm };
    },
  },
  { method: 'GET', template: '/_emulator/behaviour', handler: ({ emulator }) => ({ object: 'emulator.behaviour', ...emulator.behaviour.settings }) },
  {
    method: 'POST',
    template: '/_emulator/behaviour',
    handler: ({ emulator, body }) => {
      if (typeof body !== 'object' || body === null || Array.isArray(body)) throw badRequest('The body must be an object of NAME: VALUE.');
      try {
        emulator.behaviour.set(parseBehaviour(body as Record<string, unknown>));
      } catch (error) {
        throw badRequest((error as Error).message);
      }
      return { object: 'emulator.behaviour', ...emulator.behaviour.settings };
    },
  },
  {
    method: 'POST',
    template: '/_emulator/latency',
    handler: ({ emulator, body }) => {
      const fields = new Fields(body, ['ms']);
      if (!fields.has('ms')) throw badRequest("Missing required parameter: 'ms'.", 'ms');
      emulator.latency = readLatency(fields.raw()['ms']);
      return { object: 'emulator.latency', ms: emulator.latency };
    },
  },
];

const router = new Router(routes);

export async function handleControl(
  emulator: Emulator,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  requestId: string,
): Promise<void> {
  const method = (req.method ?? 'GET').toUpperCase();
  try {
    const text = await readBody(req);
    authenticate(emulator.state, req.headers.authorization);
    const match = router.match(method, url.pathname);
    if (match.kind === 'not_found') throw invalidUrl(method, url.pathname);
    if (match.kind === 'method_not_allowed') throw methodNotAllowed(method, url.pathname, match.allowed);
    const body = method === 'POST' ? parseJsonBody(text) : undefined;
    sendJson(res, 200, match.route.handler({ emulator, body }), requestId);
  } catch (error) {
    if (error instanceof ApiFailure) return sendFailure(res, error, requestId);
    throw error;
  }
}
