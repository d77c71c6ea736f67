// Posts what `orgform plan` said on the pull request: one comment per config file (a plan too
// long for one comment takes one per part), found again by a hidden first line and edited in
// place on every push. When orgform failed or refused, what it wrote to stderr is in the comment.

import { existsSync, readFileSync } from 'node:fs';
import { ghApi, hiddenTag, listAll, markdownParts, runUrl } from './gh.mjs';

const LIMIT = 65_536;
const ERROR_TAIL = 20_000;
const env = process.env;
const file = env.ORGFORM_FILE ?? '';
const code = env.EXITCODE ?? '';
const read = (path) => (path && existsSync(path) ? readFileSync(path, 'utf8') : '');

const parts = markdownParts(read(env.OUT));
if (code !== '0' && code !== '2') {
  const failure = failureSection(read(env.ERR), code);
  const last = parts.length - 1;
  if (last >= 0 && parts[last].length + failure.length + 2 < LIMIT - 1024) parts[last] += `\n\n${failure}`;
  else parts.push(`## orgform plan\n\n${failure}`);
}
if (parts.length === 0) parts.push(`## orgform plan\n\norgform wrote no plan for ${inline(file)}; see [the run](${runUrl(env)}).`);

const tag = hiddenTag('plan', file);
const issue = `repos/${env.GITHUB_REPOSITORY}/issues`;
const mine = new Map();
for (const comment of listAll(`${issue}/${env.PR}/comments`)) {
  const match = comment.body?.startsWith(`${tag} part=`) ? /^ part=(\d+) -->/.exec(comment.body.slice(tag.length)) : null;
  if (match && !mine.has(Number(match[1]))) mine.set(Number(match[1]), comment.id);
}
parts.forEach((part, i) => {
  const body = `${tag} part=${i + 1} -->\n${part}\n`;
  const id = mine.get(i + 1);
  if (id === undefined) ghApi('POST', `${issue}/${env.PR}/comments`, { body });
  else ghApi('PATCH', `${issue}/comments/${id}`, { body });
});
// A plan that shrank leaves no stale parts behind.
for (const [n, id] of mine) if (n > parts.length) ghApi('DELETE', `${issue}/comments/${id}`);
console.log(`Commented the plan of ${file} on pull request #${env.PR} (${parts.length} part(s)).`);

function failureSection(stderr, status) {
  const text = stripAnsi(stderr).trimEnd();
  const tail = text.length > ERROR_TAIL ? `…\n${text.slice(-ERROR_TAIL)}` : text;
  const fence = '`'.repeat(Math.max(3, ...[...tail.matchAll(/`+/g)].map((m) => m[0].length + 1)));
  return `### ❌ orgform failed (exit status ${status || 'unknown'})\n\nNothing was changed. What it said:\n\n${fence}text\n${tail || '(nothing)'}\n${fence}`;
}

function stripAnsi(s) {
  return s.replace(/\u001b\[[0-9;]*m/g, '');
}

function inline(s) {
  return '`' + s.replace(/`/g, "'") + '`';
}
