// `orgform validate` for machines: a JSON document, or GitHub workflow commands that annotate
// the file at each problem's line and column on the pull request.

import type { ConfigProblem } from '../errors.js';

export interface ValidationDocument {
  file: string;
  valid: boolean;
  /** Present when valid. */
  projects?: number;
  problems: ConfigProblem[];
}

export function renderValidationJson(doc: ValidationDocument): string {
  return JSON.stringify(doc, null, 2) + '\n';
}

/** One `::error file=…,line=…,col=…::message` line per problem (nothing when there are none). */
export function renderProblemsGithub(problems: readonly ConfigProblem[]): string {
  return problems
    .map((p) => `::error file=${escapeProperty(p.file)},line=${p.line},col=${p.col},title=orgform validate::${escapeData(p.message)}\n`)
    .join('');
}

// As @actions/core escapes them: a message stays on one line, so it cannot start a command of
// its own; a property also cannot end itself early with `,` or `:`.
function escapeData(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

function escapeProperty(s: string): string {
  return escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}
