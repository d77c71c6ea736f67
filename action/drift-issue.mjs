// Nightly drift: after `plan --detailed-exitcode`, keeps one open issue per config file. Drift
// (exit 2) opens it or updates it with the plan; no drift (exit 0) closes it with a comment;
// an error leaves it as it is (the failed step says why).

import { existsSync, readFileSync } from 'node:fs';
import { ghApi, hiddenTag, listAll, markdownParts, runUrl } from './gh.mjs';

const env = process.env;
const file = env.ORGFORM_FILE ?? '';
const code = env.EXITCODE ?? '';
const tag = `${hiddenTag('drift', file)} -->`;
const issues = `repos/${env.GITHUB_REPOSITORY}/issues`;
const open = listAll(issues, '&state=open').find((i) => !i.pull_request && i.body?.startsWith(tag));

if (code === '2') {
  const parts = markdownParts(existsSync(env.OUT ?? '') ? readFileSync(env.OUT, 'utf8') : '');
  const more = parts.length > 1 ? `\n\n_This is part 1 of ${parts.length}; the whole plan is in [the run's log](${runUrl(env)})._` : '';
  const body = `${tag}\n${parts[0] ?? ''}${more}\n\nLast checked by [this run](${runUrl(env)}). Apply the file to undo the drift, or change the file to accept it.\n`;
  const title = `orgform: the OpenAI org has drifted from ${file}`;
  if (open) {
    ghApi('PATCH', `${issues}/${open.number}`, { title, body });
    console.log(`Updated drift issue #${open.number}.`);
  } else {
    const made = ghApi('POST', issues, { title, body });
    console.log(`Opened drift issue #${made.number}.`);
  }
} else if (code === '0') {
  if (open) {
    ghApi('POST', `${issues}/${open.number}/comments`, { body: `No drift any more: the org matches ${file} ([run](${runUrl(env)})). Closing.` });
    ghApi('PATCH', `${issues}/${open.number}`, { state: 'closed', state_reason: 'completed' });
    console.log(`Closed drift issue #${open.number}: no drift.`);
  } else {
    console.log('No drift, and no drift issue open.');
  }
} else {
  console.log(`orgform exited ${code || '(not run)'}; the drift issue is left as it is.`);
}
