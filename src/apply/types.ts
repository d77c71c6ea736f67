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
  /** A create that met another writer: what it kept, adopted and removed instead of what the plan said. */
  converged?: Convergence;
}

/**
 * Where a create deviated from the plan because another writer made the same object (two applies
 * at once): the object it adopted instead of making one, and the copies it removed so one is left.
 */
export interface Convergence {
  /** The live object this create stands for now. */
  kept: string;
  /** Another writer made `kept`: this change adopted it rather than create (or keep) its own. */
  adopted: boolean;
  /** Copies of the same object removed (ids), oldest kept. */
  removed: RemovedCopy[];
}

export interface RemovedCopy {
  id: string;
  /** `unknown`: this apply's create lost its answer, so which copy it made cannot be told. */
  made_by: 'this_apply' | 'another_writer' | 'unknown';
  removal: 'archived' | 'deleted';
}

/**
 * A create this apply made and kept, whose copy another writer removed afterwards: that writer made
 * the same object in the same second, with a smaller id, and saw both copies where this apply had
 * seen one. The other writer's copy stands for the change now; what this apply did in or with its
 * own copy (a project's settings, a service account's key) went with it.
 */
export interface Superseded {
  change: Change;
  /** The copy this apply made. */
  made: string;
  /** The other writer's copy, kept. */
  kept: string;
  removal: 'archived' | 'deleted';
}

export interface ApplyReport {
  /** In plan order. */
  outcomes: Outcome[];
  /** Found by one more list read after the last change. */
  superseded: Superseded[];
  /** SIGINT/SIGTERM stopped apply before every change was started. */
  interrupted: boolean;
}
