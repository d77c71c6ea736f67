// The one place an error becomes the message a person reads.

import { ApiError, ConfigError, ExportError, PlanError, StalePlanError, UnexpectedAnswerError, UnsafePlanError, UsageError } from '../errors.js';

export function describeError(error: unknown): string {
  if (error instanceof ConfigError) return `${error.message}\n${error.problems.length} problem(s) found. Nothing was changed.`;
  if (error instanceof UsageError) return `error: ${error.message}`;
  // One line: the server, the endpoint and what came back (a full HTML page never lands here).
  if (error instanceof UnexpectedAnswerError) return `error: ${error.message}`;
  if (error instanceof ApiError) return `error: the Admin API refused a request: ${error.message}`;
  if (error instanceof PlanError) return `error: cannot plan:\n${error.message}\nNothing was changed.`;
  if (error instanceof UnsafePlanError) return `error: refused: ${error.message}\nNothing was changed.`;
  if (error instanceof ExportError) {
    return `error: the live organization cannot be exported as it is:\n  ${error.problems.join('\n  ')}\n` +
      'Fix these in the organization (rename in the dashboard or through the Admin API), then export again. Nothing was written.';
  }
  if (error instanceof StalePlanError) return `error: ${error.message}\nNothing was changed.`;
  const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
  return `internal error (a bug in orgform; please report it):\n${detail}`;
}
