// The error families. Only cli/ catches them and turns them into messages and exit codes.

export interface ConfigProblem {
  file: string;
  line: number;
  col: number;
  message: string;
}

/** The file is not valid: every problem, each with its position. */
export class ConfigError extends Error {
  constructor(readonly problems: ConfigProblem[]) {
    super(problems.map(formatProblem).join('\n'));
    this.name = 'ConfigError';
  }
}

export function formatProblem(p: ConfigProblem): string {
  return `${p.file}:${p.line}:${p.col}: ${p.message}`;
}

export interface ApiErrorInit {
  /** HTTP status, or 0 when no response arrived (timeout, dropped connection). */
  status: number;
  method: string;
  /** The path with its ids, never the key or the base URL's credentials. */
  path: string;
  apiMessage: string;
  requestId: string | null;
  code?: string | null;
  param?: string | null;
  /** The request may have been carried out although no success came back (a create that timed out). */
  outcomeUnknown?: boolean;
}

/** An answer from the Admin API that is not a success, or no answer at all. */
export class ApiError extends Error {
  readonly status: number;
  readonly method: string;
  readonly path: string;
  readonly apiMessage: string;
  readonly requestId: string | null;
  readonly code: string | null;
  readonly param: string | null;
  readonly outcomeUnknown: boolean;

  constructor(init: ApiErrorInit) {
    super(
      `${init.method} ${init.path} → ${init.status === 0 ? 'no response' : init.status}: ${init.apiMessage}` +
        (init.requestId ? ` (request id ${init.requestId})` : ''),
    );
    this.name = 'ApiError';
    this.status = init.status;
    this.method = init.method;
    this.path = init.path;
    this.apiMessage = init.apiMessage;
    this.requestId = init.requestId;
    this.code = init.code ?? null;
    this.param = init.param ?? null;
    this.outcomeUnknown = init.outcomeUnknown ?? false;
  }
}

/** The live state cannot be reconciled with the file (e.g. two live projects with one name). */
export class PlanError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PlanError';
  }
}

/** The plan breaks a safety limit or an invariant. */
export class UnsafePlanError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UnsafePlanError';
  }
}

/** A saved plan whose live objects changed since it was made. */
export class StalePlanError extends Error {
  constructor(readonly changed: string[]) {
    super(`the plan is stale: re-run plan. Changed since the plan was made:\n  ${changed.join('\n  ')}`);
    this.name = 'StalePlanError';
  }
}

/** The live org holds what a config file cannot say (two projects of one name, a control character). */
export class ExportError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join('\n'));
    this.name = 'ExportError';
  }
}

/** Usage mistakes: unknown flags, a missing key, apply without a TTY or --auto-approve. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** A bug in orgform. */
export class InternalError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InternalError';
  }
}
