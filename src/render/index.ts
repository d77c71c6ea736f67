// The only code that formats plans and apply reports for people (and the plan's JSON form).

export type PlanFormat = 'text' | 'json' | 'markdown';

export { renderPlanText } from './text.js';
export { renderPlanJson, canonicalPlan } from './json.js';
export { renderPlanMarkdown, GITHUB_COMMENT_LIMIT } from './markdown.js';
export { renderOutcomeLine, renderReportText } from './report.js';
export { validatePlanDocument } from '../plan/schema.js';
