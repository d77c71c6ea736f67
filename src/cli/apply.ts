import { applyPlan } from '../apply/apply.js';
import type { ApplyReport } from '../apply/types.js';
import { UsageError } from '../errors.js';
import type { Change, Plan } from '../plan/types.js';
import type { StoredKey } from '../secrets/key-sink.js';
import {
  type ApplyEvent,
  changeStartedEvent,
  keyStoredEvent,
  outcomeEvent,
  renderEventLine,
  startedEvent,
  summaryEvent,
  supersededEvent,
} from '../render/apply-events.js';
import { renderOutcomeLine, renderReportText } from '../render/index.js';
import { assertNoRefusals, withRefusals } from '../planner/safety.js';
import { COMMON_OPTIONS, commonFlags, onePositional, parse, SAFETY_OPTIONS, safetyOptions } from './args.js';
import { connect, targetFromEnv } from './connect.js';
import { KEY_SINK_OPTIONS, keySinkFrom } from './key-sink-flags.js';
import type { Io } from './io.js';
import { loadWithOrigins, planAgainst } from './pipeline.js';
import { explainPlan } from '../planner/explain.js';
import { renderPlan } from './render-plan.js';
import { assertFresh, configOfPlan, readInput } from './saved-plan.js';
import { CHANGED_SINCE_OPTION, isScoped, SCOPE_OPTIONS, scopingFromFlags, scopingOfSaved, selectionOf } from './scope-flags.js';

export const APPLY_HELP = `usage: orgform apply FILE|PLAN.json [--auto-approve] [--secrets-dir DIR | --secrets-command CMD] [--format text|json|markdown] [--explain]
                     [--target SELECTOR]... [--exclude SELECTOR]... [--changed-since GIT_REF]
                     [--allow-destroy] [--max-destroy N] [--max-destroy-fraction F]
                     [--concurrency N] [--max-rpm N] [--timeout S] [--log-level debug] [--quiet]
                     [--color always|never|auto]

Plans exactly as \`orgform plan\` does, shows the plan, asks for confirmation on a TTY (without a
TTY, --auto-approve is required), then carries it out in order and reports each change.
Given PLAN.json (from \`orgform plan FILE --out PLAN.json\`), applies exactly that plan, after
re-reading what it depends on: if anything changed since, it refuses ("the plan is stale").
A saved scoped plan is checked within its own scope. With FILE, --target/--exclude/--changed-since
plan and apply only part of the file, as \`orgform plan\` does.
New service accounts' one-time keys go to --secrets-dir DIR (a 0600 file each) or to
--secrets-command CMD (run by /bin/sh once per key, the key as JSON on its stdin; checked first
with ORGFORM_KEY_SINK=check); with neither, no key is made.
--explain shows in the plan where the file sets inherited values, as \`plan --explain\` does (a saved
plan shows the sources it was saved with).
--format json writes JSON Lines to standard output, one event per line as it happens
(apply_started with the plan, change_started, change_applied, change_failed, change_skipped,
key_stored, change_superseded, summary; schemas/apply-events.schema.json); the human report goes
to stderr. Progress goes to standard error (a live line on a terminal; otherwise a line every
~10 s and one per wait over 5 s); --quiet turns it off. SIGINT or SIGTERM starts no new change
and cancels waits and retries, then reports; a second one exits at once (status 130).
Exit status: 0 when every change was applied, 1 otherwise.`;

export async function runApply(argv: string[], io: Io): Promise<number> {
  const { positionals, values } = parse(argv, {
    ...COMMON_OPTIONS,
    ...SAFETY_OPTIONS,
    ...KEY_SINK_OPTIONS,
    'auto-approve': { type: 'boolean', default: false },
    ...SCOPE_OPTIONS,
    ...CHANGED_SINCE_OPTION,
    explain: { type: 'boolean', default: false },
  });
  if (values.help) return io.out(APPLY_HELP), 0;
  const flags = commonFlags(values);
  selectionOf(values);
  const file = onePositional(positionals, 'config file or saved plan');
  const input = await readInput(file, io.cwd);
  if (input.note) io.err(input.note);
  const saved = input.plan;
  if (saved && isScoped(values)) {
    throw new UsageError(`${file} is a saved plan: it carries its own scope${saved.scope ? '' : ' (the whole file)'}, and --target, --exclude and --changed-since apply to a config file. Nothing was changed.`);
  }
  const loaded = saved ? { config: await configOfPlan(saved, file, io.cwd) } : loadWithOrigins(file, io.cwd);
  const config = loaded.config;
  if (saved && values.explain === true && !saved.changes.some((c) => c.sources)) {
    io.err(`${file} has no sources to show: --explain shows those a plan was saved with (plan --explain --out).`);
  }
  const scoping = saved ? scopingOfSaved(saved, config) : await scopingFromFlags(config, values, io);
  const safety = safetyOptions(values, config);
  const keySink = keySinkFrom(values, config, io);
  const autoApprove = values['auto-approve'];
  if (!autoApprove && !io.isTty) {
    throw new UsageError('apply needs confirmation, and there is no TTY to ask on: pass --auto-approve. Nothing was changed.');
  }
  const target = targetFromEnv(io.env, config.admin_key_env, io.err);
  // An interrupt reaches the client too: waits and retries stop, not only the changes not started.
  const interrupt = new AbortController();
  // From here every write goes through the connection's Io, which clears the progress line first.
  const { client, io: shown, progress, close } = connect(target, flags, io, interrupt.signal);
  try {
    let plan: Plan;
    if (saved) {
      await assertFresh(saved, config, client, target, safety, scoping);
      // The limits are this run's: a plan saved with --allow-destroy needs it again to be applied.
      plan = withRefusals(saved, safety);
    } else {
      const planned = await planAgainst(config, client, target.baseUrl, safety, {}, scoping);
      plan = 'origins' in loaded && values.explain === true ? explainPlan(planned, config, loaded.origins) : planned;
    }
    const color = flags.color ?? io.color;
    // With --format json, standard output is JSON Lines events; the human report goes to stderr.
    const events = flags.format === 'json';
    const emit = (event: ApplyEvent): void => shown.out(renderEventLine(event));
    shown.out(events ? renderEventLine(startedEvent(plan)) : renderPlan(plan, flags.format, color));
    assertNoRefusals(plan);
    if (plan.changes.length === 0) {
      if (events) emit(summaryEvent(null));
      return 0;
    }
    // A sink that cannot take keys is found now, not after an account was made.
    if (keySink && plan.changes.some(makesKey)) await keySink.check();
    if (!autoApprove) {
      const answer = await shown.ask("\nDo you want to perform these actions? Only 'yes' will be accepted: ");
      if (answer.trim() !== 'yes') {
        shown.err('Apply cancelled. Nothing was changed.');
        return 1;
      }
    }
    const human = events ? shown.err : shown.out;
    progress?.changesPlanned(plan.changes.length);
    const report = await applyWithSignals(plan, shown, interrupt, (signal) =>
      applyPlan(plan, {
        client,
        signal,
        concurrency: flags.concurrency,
        ...(keySink === undefined ? {} : { keySink }),
        ...(events ? { onStart: (c: Change) => emit(changeStartedEvent(c)), onKeyStored: (c: Change, k: StoredKey) => emit(keyStoredEvent(c, k)) } : {}),
        onOutcome: (o) => {
          progress?.changeSettled();
          if (events) emit(outcomeEvent(o));
          human(renderOutcomeLine(o, { color }));
        },
      }),
    );
    if (events) for (const s of report.superseded) emit(supersededEvent(s));
    if (events) emit(summaryEvent(report));
    human(renderReportText(report, { color }));
    return report.outcomes.every((o) => o.status === 'applied') && !report.interrupted ? 0 : 1;
  } finally {
    await close();
  }
}

/** A change that may make a one-time key (a replace makes the account anew). */
function makesKey(c: Change): boolean {
  return c.kind === 'service_account' && (c.action === 'create' || c.action === 'replace');
}

/**
 * SIGINT or SIGTERM: start nothing new, cancel the client's waits and retries, let requests in
 * flight finish or time out, then report applied / failed / not started. A second one exits now.
 */
async function applyWithSignals(
  plan: Plan,
  io: Io,
  controller: AbortController,
  run: (signal: AbortSignal) => Promise<ApplyReport>,
): Promise<ApplyReport> {
  const stop = (signal: string) => {
    if (controller.signal.aborted) {
      io.err(`Received ${signal} again: exiting now. Changes in flight may or may not have been made: run plan to see where the organization stands.`);
      io.exitNow?.(130);
      return;
    }
    io.err(`\nReceived ${signal}: starting no new changes and cancelling waits and retries (${plan.changes.length} planned). Again to exit at once.`);
    controller.abort();
  };
  const unsubscribe = io.onInterrupt(stop);
  try {
    return await run(controller.signal);
  } finally {
    unsubscribe();
  }
}
