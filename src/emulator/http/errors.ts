// The OpenAI error body, `{ error: { message, type, param, code } }`, and the one exception type
// route handlers throw to produce it.

export interface ErrorBody {
  error: { message: string; type: string; param: string | null; code: string | null };
}

export class ApiFailure extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly type: string = 'invalid_request_error',
    readonly param: string | null = null,
    readonly code: string | null = null,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'ApiFailure';
  }

  toBody(): ErrorBody {
    return { error: { message: this.message, type: this.type, param: this.param, code: this.code } };
  }
}

export function badRequest(message: string, param: string | null = null, code: string | null = null): ApiFailure {
  return new ApiFailure(400, message, 'invalid_request_error', param, code);
}

export function notFound(message: string): ApiFailure {
  return new ApiFailure(404, message, 'invalid_request_error');
}

export function invalidUrl(method: string, path: string): ApiFailure {
  return notFound(`Invalid URL (${method} ${path})`);
}

export function methodNotAllowed(method: string, path: string, allowed: string[]): ApiFailure {
  return new ApiFailure(
    405,
    `Method ${method} is not allowed for ${path}. Allowed: ${allowed.join(', ')}.`,
    'invalid_request_error',
    null,
    'method_not_allowed',
    { allow: allowed.join(', ') },
  );
}

export function serverError(status = 500): ApiFailure {
  return new ApiFailure(
    status,
    'The server had an error while processing your request. Sorry about that!',
    'server_error',
  );
}

/**
 * Throttle answer: like the real Admin API, no retry-after and no x-ratelimit-* headers; with
 * `hintMs`, the message says when to try again, as users report the real one does.
 */
export function rateLimited(endpoint: string, hintMs?: number): ApiFailure {
  return new ApiFailure(
    429,
    hintMs === undefined
      ? `Rate limit reached for ${endpoint}. Please slow down.`
      : `Rate limit reached for ${endpoint}. You've exceeded the rate limit, please slow down and try again after ${(hintMs / 1000).toFixed(3)} seconds.`,
    'requests',
    null,
    'rate_limit_exceeded',
  );
}
