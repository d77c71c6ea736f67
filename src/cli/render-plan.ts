import type { Plan } from '../plan/types.js';
import { renderPlanJson, renderPlanMarkdown, renderPlanText, type PlanFormat } from '../render/index.js';

export function renderPlan(plan: Plan, format: PlanFormat, color: boolean): string {
  switch (format) {
    case 'json':
      return renderPlanJson(plan);
    case 'markdown':
      return renderPlanMarkdown(plan).join('\n\n<!-- orgform: next part -->\n\n');
    case 'text':
      return renderPlanText(plan, { color });
  }
}
