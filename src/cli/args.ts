// Flags shared by the commands, parsed with node:util's parseArgs (strict: unknown flags fail).

import { parseArgs } from 'node:util';
import { decideColor, parseColorMode } from './color.js';
import { UsageError } from '../errors.js';
import type { DesiredOrg } from '../config/model.js';
import type { SafetyOptions } from '../planner/safety.js';
import type { LogLevel } from '../providers/openai/client.js';
import type { PlanFormat } from '../render/index.js';

export interface CommonFlags {
  format: PlanFormat;
  concurrency: number;
  maxRpm: number;
  /** Set by --color always|never (or --no-color); undefined: the Io's own (auto) decision. */
  color: boolean | undefined;
  /** Per request, --timeout SECONDS; undefined keeps the client's default. */
  timeoutMs: number | undefined;
  /** --log-level; undefined leaves it to ORGFORM_LOG. */
  logLevel: LogLevel | undefined;
  /** --quiet: no progress on stderr (warnings, errors and the debug log still print). */
  quiet: boolean;
}

export const COMMON_OPTIONS = {
  format: { type: 'string', default: 'text' },
  concurrency: { type: 'string', default: '16' },
  'max-rpm': { type: 'string', default: '0' },
  color: { type: 'string' },
  timeout: { type: 'string' },
  'log-level': { type: 'string' },
  quiet: { type: 'boolean', short: 'q', default: false },
  'no-color': { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h', default: false },
} as const;

type OptionSpec = Record<string, { type: 'string' | 'boolean'; short?: string; multiple?: boolean; default?: string | boolean }>;

export function parse<O extends OptionSpec>(argv: string[], options: O) {
  try {
    return parseArgs({ args: argv, options, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
}

/** Parsed flag values: a repeatable flag (`multiple`) gives a list. */
export type FlagValues = Record<string, string | boolean | (string | boolean)[] | undefined>;

export function commonFlags(values: FlagValues): CommonFlags {
  const format = String(values['format'] ?? 'text');
  if (format !== 'text' && format !== 'json' && format !== 'markdown') {
    throw new UsageError(`--format must be text, json or markdown, not ${JSON.stringify(format)}`);
  }
  return {
    format,
    concurrency: positiveInt(values['concurrency'], '--concurrency', 1),
    maxRpm: positiveInt(values['max-rpm'], '--max-rpm', 0),
    color: colorOverride(values),
    timeoutMs: values['timeout'] === undefined ? undefined : positiveSeconds(values['timeout'], '--timeout') * 1000,
    logLevel: values['log-level'] === undefined ? undefined : logLevel(String(values['log-level']), '--log-level'),
    quiet: values['quiet'] === true,
  };
}

/** --color always|never decides alone; auto (the default) leaves it to the Io. */
function colorOverride(values: FlagValues): boolean | undefined {
  const color = values['color'];
  const mode = parseColorMode(Array.isArray(color) ? undefined : color, values['no-color'] === true);
  return mode === 'auto' ? undefined : decideColor(mode, {}, false);
}

export function positiveInt(value: FlagValues[string], flag: string, min: number): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < min) throw new UsageError(`${flag} must be an integer of at least ${min}`);
  return n;
}

function positiveSeconds(value: FlagValues[string], flag: string): number {
  const n = Number(value);
  if (!(Number.isFinite(n) && n > 0)) throw new UsageError(`${flag} must be a number of seconds greater than 0`);
  return n;
}

/** `info` or `debug`, from --log-level or ORGFORM_LOG. */
export function logLevel(value: string, source: string): LogLevel {
  if (value !== 'info' && value !== 'debug') throw new UsageError(`${source} must be info or debug, not ${JSON.stringify(value)}`);
  return value;
}

export function onePositional(positionals: string[], what: string): string {
  if (positionals.length !== 1) throw new UsageError(`expected one ${what}, got ${positionals.length}`);
  return positionals[0] as string;
}

export const SAFETY_OPTIONS = {
  'allow-destroy': { type: 'boolean', default: false },
  'max-destroy': { type: 'string' },
  'max-destroy-fraction': { type: 'string' },
} as const;

/** The file's destroy limits, overridden by flags. */
export function safetyOptions(values: FlagValues, config: DesiredOrg): SafetyOptions {
  const fraction = values['max-destroy-fraction'];
  const count = values['max-destroy'];
  const max_fraction = fraction === undefined ? config.limits.max_fraction : Number(fraction);
  if (!(max_fraction >= 0 && max_fraction <= 1)) throw new UsageError('--max-destroy-fraction must be a number from 0 to 1');
  return {
    allowDestroy: values['allow-destroy'] === true,
    protect: config.protect,
    limits: {
      max_count: count === undefined ? config.limits.max_count : positiveInt(count, '--max-destroy', 0),
      max_fraction,
    },
  };
}
