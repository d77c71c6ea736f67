// `node bin/orgform.js …` with one addition: at exit, the process's peak RSS (KiB) and CPU time
// (µs) are written to $BENCH_RSS_FILE as JSON, for the benchmark to read.
import { writeFileSync } from 'node:fs';
import { main } from '../src/cli/main.js';

const rssFile = process.env['BENCH_RSS_FILE'];
process.on('exit', () => {
  if (!rssFile) return;
  const u = process.resourceUsage();
  writeFileSync(rssFile, JSON.stringify({ maxRSS: u.maxRSS, userCPUTime: u.userCPUTime, systemCPUTime: u.systemCPUTime }));
});
process.exitCode = await main(process.argv.slice(2));
