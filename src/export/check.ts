// An export is only worth writing if it says what is there. The text is loaded back as a config
// and diffed against the very live state it came from: every problem, refusal or change found
// is something the file cannot express, and the export is refused rather than half-written.

import { loadConfigText } from '../config/index.js';
import type { LiveOrg } from '../kinds/live-state.js';
import { isArchived } from '../kinds/project.js';
import { diffOrg } from '../planner/diff.js';

export function unexpressed(text: string, live: LiveOrg): string[] {
  const found = live.projects
    .filter((p) => !isArchived(p) && (p.name ?? '') === '')
    .map((p) => `project ${p.id} has no name, and the file names projects by name`);
  const loaded = loadConfigText(text, 'the export');
  // Lines of a text nobody sees mean nothing: left out.
  if ('errors' in loaded) return [...found, ...loaded.errors.map((e) => e.message.replace(/ \((?:first at )?line \d+\)/, ''))];
  const out = diffOrg(loaded.config, live);
  return [
    ...found,
    ...out.problems.map((p) => p.message),
    ...out.refusals.map((r) => r.message),
    ...(found.length > 0 ? [] : out.changes.map((c) => `planning the file would ${c.action} ${c.address}`)),
  ];
}
