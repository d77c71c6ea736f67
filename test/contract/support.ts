// Shared setup for the contract suite: an emulator on loopback and the official SDK pointed at it.
import OpenAI, { APIError } from 'openai';
import { afterEach, beforeEach } from 'vitest';
import { startEmulator, type RunningEmulator, type StartEmulatorOptions } from '../../src/emulator/index.js';

export const CAROL_KEY = 'sk-admin-emulator-carol';

export async function start(options: StartEmulatorOptions = {}): Promise<RunningEmulator> {
  return startEmulator(options);
}

export function sdk(emu: RunningEmulator, options: { apiKey?: string; maxRetries?: number } = {}): OpenAI {
  return new OpenAI({
    adminAPIKey: options.apiKey ?? emu.adminKey,
    apiKey: null,
    baseURL: emu.url,
    maxRetries: options.maxRetries ?? 0,
  });
}

export interface SdkEnv {
  emu: RunningEmulator;
  client: OpenAI;
}

/** A fresh demo emulator and an SDK client pointed at it, for each test. */
export function useSdk(): SdkEnv {
  const env = {} as SdkEnv;
  beforeEach(async () => {
    env.emu = await start();
    env.client = sdk(env.emu);
  });
  afterEach(() => env.emu.close());
  return env;
}

/** Collects an auto-paginating list, failing instead of looping forever. */
export async function collect<T>(items: AsyncIterable<T>, max = 1000): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) {
    out.push(item);
    if (out.length > max) throw new Error(`more than ${max} items: pagination does not stop`);
  }
  return out;
}

export interface RawResponse {
  status: number;
  headers: Headers;
  body: unknown;
}

/** A plain HTTP request, for what the SDK cannot send (bad JSON, wrong methods, missing keys). */
export async function raw(
  emu: RunningEmulator,
  method: string,
  path: string,
  options: { key?: string | null; body?: string; headers?: Record<string, string> } = {},
): Promise<RawResponse> {
  const headers: Record<string, string> = { ...options.headers };
  const key = options.key === undefined ? emu.adminKey : options.key;
  if (key !== null) headers['authorization'] = `Bearer ${key}`;
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  const root = emu.url.replace(/\/v1$/, '');
  const response = await fetch(`${root}${path}`, { method, headers, body: options.body });
  const text = await response.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // keep the text
  }
  return { status: response.status, headers: response.headers, body };
}

export function errorOf(body: unknown): { message: string; type: string; param: string | null; code: string | null } {
  const error = (body as { error?: unknown }).error;
  if (typeof error !== 'object' || error === null) throw new Error(`not an error body: ${JSON.stringify(body)}`);
  return error as { message: string; type: string; param: string | null; code: string | null };
}

/** The APIError a request fails with; fails the test when it succeeds or fails otherwise. */
export async function failure(request: Promise<unknown>): Promise<APIError> {
  try {
    await request;
  } catch (error) {
    if (error instanceof APIError) return error;
    throw error;
  }
  throw new Error('expected the request to fail');
}
