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

/**
 * An answer that is not the Admin API's: HTML, JSON of another shape, or a list that cannot be
 * trusted (no `data`, no way on, a repeated id, a cursor loop). Never retried; no plan is made.
 */
export class UnexpectedAnswerError extends Error {
  constructor(
    readonly baseUrl: string,
    readonly endpoint: string,
    readonly detail: string,
  ) {
    super(`the server at ${baseUrl} did not answer like the OpenAI Admin API: ${endpoint}: ${detail}`);
    this.name = 'UnexpectedAnswerError';
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

/**
 * A service account was created but its one-time key did not reach the sink: it cannot be
 * shown again. The message says what failed and how to recover; it never holds the key.
 */
export class KeyNotStoredError extends Error {
  constructor(
    readonly key: { project: string; service_account: string; service_account_id: string; api_key_id: string },
    readonly reason: string,
    /** The command that makes the account a new key, when the caller knows it. */
    rotateCommand?: string,
    options?: ErrorOptions,
  ) {
    super(
      `service account ${JSON.stringify(key.service_account)} (${key.service_account_id}) exists in project ${JSON.stringify(key.project)}, ` +
        `but its one-time key ${key.api_key_id} was NOT stored: ${reason}
` +
        (rotateCommand === undefined
          ? `The key cannot be shown again. To recover: fix the sink, then delete key ${key.api_key_id} of that service account in the ` +
            `dashboard and make a new one there; or remove the account from the file, apply, put it back and apply again (a new account, a new key).`
          : `The key cannot be shown again: that key is lost. To recover: fix the sink, then get a new key with: ${rotateCommand} ` +
            `(and delete key ${key.api_key_id} of that service account in the dashboard).`),
      options,
    );
    this.name = 'KeyNotStoredError';
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
