import type { Plan } from '../plan/types.js';
import { GITHUB_COMMENT_LIMIT, renderPlanJson, renderPlanMarkdown, renderPlanText, type PlanFormat } from '../render/index.js';
import { joinParts } from '../render/markdown-parts.js';

/** Left free in each Markdown part for what a poster adds (the Action's hidden marker line). */
const POSTER_HEADROOM = 1024;

export function renderPlan(plan: Plan, format: PlanFormat, color: boolean): string {
  switch (format) {
    case 'json':
      return renderPlanJson(plan);
    case 'markdown':
      return joinParts(renderPlanMarkdown(plan, { maxChars: GITHUB_COMMENT_LIMIT - POSTER_HEADROOM }));
    case 'text':
      return renderPlanText(plan, { color });
  }
}
