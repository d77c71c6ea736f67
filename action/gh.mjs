// The GitHub REST calls the Action makes, through the `gh` CLI (on every hosted runner; GH_TOKEN
// authenticates it). Bodies go on stdin, never in argv.

import { spawnSync } from 'node:child_process';

export function ghApi(method, path, body) {
  const args = ['api', '--method', method, path, ...(body === undefined ? [] : ['--input', '-'])];
  const run = spawnSync('gh', args, { input: body === undefined ? '' : JSON.stringify(body), encoding: 'utf8', maxBuffer: 64 << 20 });
  if (run.error) throw run.error;
  if (run.status !== 0) throw new Error(`gh api --method ${method} ${path} failed (exit ${run.status}): ${run.stderr.trim()}`);
  return run.stdout.trim() === '' ? null : JSON.parse(run.stdout);
}

/** Every item of a paginated list (`path` without a query string). */
export function listAll(path, query = '') {
  const items = [];
  for (let page = 1; ; page++) {
    const batch = ghApi('GET', `${path}?per_page=100&page=${page}${query}`);
    items.push(...batch);
    if (batch.length < 100) return items;
  }
}

/** The hidden first line that finds a comment or issue again: `<!-- orgform-<what> file=… -->`. */
export function hiddenTag(what, file) {
  return `<!-- orgform-${what} file=${encodeURIComponent(file)}`;
}

/** The plan's Markdown parts: the marker counts only on a line of its own. */
export function markdownParts(text) {
  const parts = [[]];
  for (const line of text.split('\n')) {
    if (line === '<!-- orgform: next part -->') parts.push([]);
    else parts[parts.length - 1].push(line);
  }
  return parts.map((lines) => lines.join('\n').trim()).filter((part) => part !== '');
}

export function runUrl(env) {
  return `${env.GITHUB_SERVER_URL ?? 'https://github.com'}/${env.GITHUB_REPOSITORY}/actions/runs/${env.GITHUB_RUN_ID ?? ''}`;
}
