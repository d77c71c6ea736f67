#!/usr/bin/env node
// A stand-in for `gh api` over a JSON file ($GH_STUB_STATE): issues and their comments, enough
// REST for the Action's comment and drift-issue steps. Every call is logged in the state.

import { existsSync, readFileSync, writeFileSync } from 'node:fs';

const file = process.env.GH_STUB_STATE;
const state = existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : { next: 1, issues: [], comments: [], calls: [] };
const args = process.argv.slice(2);
const flag = (name) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
if (args[0] !== 'api') fail(`gh stub: only \`gh api\` is stubbed, not ${args.join(' ')}`);
const method = flag('--method') ?? 'GET';
const path = args.find((a, i) => i > 0 && !a.startsWith('-') && args[i - 1] !== '--method' && args[i - 1] !== '--input');
const body = flag('--input') === '-' ? JSON.parse(readFileSync(0, 'utf8') || 'null') : null;
if (!process.env.GH_TOKEN) fail('gh stub: GH_TOKEN is not set');
const [route, query = ''] = path.split('?');
const params = new URLSearchParams(query);
state.calls.push({ method, path: route });

let m;
let answer = null;
const page = (items) => items.slice((Number(params.get('page') ?? 1) - 1) * Number(params.get('per_page') ?? 30)).slice(0, Number(params.get('per_page') ?? 30));
if (method === 'GET' && (m = /^repos\/[^/]+\/[^/]+\/issues\/(\d+)\/comments$/.exec(route))) {
  answer = page(state.comments.filter((c) => c.issue === Number(m[1])));
} else if (method === 'POST' && (m = /^repos\/[^/]+\/[^/]+\/issues\/(\d+)\/comments$/.exec(route))) {
  answer = { id: state.next++, issue: Number(m[1]), body: body.body };
  state.comments.push(answer);
} else if (method === 'PATCH' && (m = /^repos\/[^/]+\/[^/]+\/issues\/comments\/(\d+)$/.exec(route))) {
  answer = state.comments.find((c) => c.id === Number(m[1])) ?? fail('no such comment');
  answer.body = body.body;
} else if (method === 'DELETE' && (m = /^repos\/[^/]+\/[^/]+\/issues\/comments\/(\d+)$/.exec(route))) {
  state.comments = state.comments.filter((c) => c.id !== Number(m[1]));
} else if (method === 'GET' && /^repos\/[^/]+\/[^/]+\/issues$/.test(route)) {
  answer = page(state.issues.filter((i) => (params.get('state') ?? 'open') === 'all' || i.state === (params.get('state') ?? 'open')));
} else if (method === 'POST' && /^repos\/[^/]+\/[^/]+\/issues$/.test(route)) {
  answer = { number: state.next++, state: 'open', title: body.title, body: body.body };
  state.issues.push(answer);
} else if (method === 'PATCH' && (m = /^repos\/[^/]+\/[^/]+\/issues\/(\d+)$/.exec(route))) {
  answer = state.issues.find((i) => i.number === Number(m[1])) ?? fail('no such issue');
  Object.assign(answer, body);
} else {
  fail(`gh stub: no route for ${method} ${path}`);
}
writeFileSync(file, JSON.stringify(state, null, 2));
if (answer !== null) process.stdout.write(JSON.stringify(answer));

function fail(message) {
  process.stderr.write(message + '\n');
  process.exit(1);
}
