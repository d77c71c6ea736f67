import type { Change } from '../plan/types.js';

export type OutcomeStatus = 'applied' | 'failed' | 'skipped';

export interface Outcome {
  change: Change;
  status: OutcomeStatus;
  /** failed: the API's message (never a secret); skipped: which dependency failed. */
  error?: string;
  requestId?: string | null;
  /** Something the user must know, e.g. where a service account's one-time key was written. */
  message?: string;
}

export interface ApplyReport {
  /** In plan order. */
  outcomes: Outcome[];
  /** SIGINT/SIGTERM stopped apply before every change was started. */
  interrupted: boolean;
}
