// The baseline a user would otherwise write: read the same state with the official SDK, awaiting
// each call in turn and paging with `for await`, as the SDK's README shows (limit 100, the API's
// maximum, so it makes as few requests as orgform: the comparison is about concurrency only).
//   node dist/bench/sdk-baseline.js [--max-projects N]   (OPENAI_BASE_URL, OPENAI_ADMIN_KEY)
// Prints a JSON summary; writes its peak RSS to $BENCH_RSS_FILE at exit, like run-cli.
import { writeFileSync } from 'node:fs';
import OpenAI from 'openai';

const rssFile = process.env['BENCH_RSS_FILE'];
process.on('exit', () => {
  if (!rssFile) return;
  const u = process.resourceUsage();
  writeFileSync(rssFile, JSON.stringify({ maxRSS: u.maxRSS, userCPUTime: u.userCPUTime, systemCPUTime: u.systemCPUTime }));
});

const flag = process.argv.indexOf('--max-projects');
const maxProjects = flag >= 0 ? Number(process.argv[flag + 1]) : Infinity;

const client = new OpenAI({ adminAPIKey: process.env['OPENAI_ADMIN_KEY'], baseURL: process.env['OPENAI_BASE_URL'] });
const org = client.admin.organization;

async function all<T>(pages: AsyncIterable<T>): Promise<T[]> {
  const items: T[] = [];
  for await (const item of pages) items.push(item);
  return items;
}

const retention = await org.dataRetention.retrieve();
const adminKeys = await all(org.adminAPIKeys.list({ limit: 100 }));
const users = await all(org.users.list({ limit: 100 }));
const invites = await all(org.invites.list({ limit: 100 }));
const projects = await all(org.projects.list({ limit: 100, include_archived: true }));
const state: Record<string, unknown> = {};
for (const project of projects.slice(0, maxProjects)) {
  if (project.status === 'archived') continue;
  state[project.id] = {
    spend_alerts: await all(org.projects.spendAlerts.list(project.id, { limit: 100 })),
    members: await all(org.projects.users.list(project.id, { limit: 100 })),
    rate_limits: await all(org.projects.rateLimits.listRateLimits(project.id, { limit: 100 })),
    model_permissions: await org.projects.modelPermissions.retrieve(project.id),
    data_retention: await org.projects.dataRetention.retrieve(project.id),
  };
}
process.stdout.write(
  JSON.stringify({ retention: retention.type, adminKeys: adminKeys.length, users: users.length, invites: invites.length, projects: projects.length, read: Object.keys(state).length }) + '\n',
);
