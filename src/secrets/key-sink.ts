// Where one-time service-account keys go. A key is shown once, in the answer that creates it:
// apply hands it to one sink and to nothing else (never to output, logs, errors or plan files).
// Sinks: a 0600 file per key (--secrets-dir, file-sink.ts) or a command (--secrets-command,
// command-sink.ts).

/** A new key, as a sink gets it. */
export interface NewKey {
  project: string;
  service_account: string;
  project_id: string;
  service_account_id: string;
  api_key_id: string;
  value: string;
}

/** What apply may say about a key it kept: where it went and which key, never the key itself. */
export interface StoredKey {
  project_id: string;
  service_account_id: string;
  api_key_id: string;
  /** `file`: --secrets-dir; `command`: --secrets-command. */
  sink: 'file' | 'command';
  /** The file's path, or `--secrets-command`. */
  location: string;
}

export interface KeySink {
  /** Before the first change: throws a UsageError when this sink cannot take keys. */
  check(): Promise<void>;
  /** Keeps the key, or throws KeyNotStoredError. */
  store(key: NewKey): Promise<StoredKey>;
  /** How apply's report names where a key went. */
  describe(stored: StoredKey): string;
}
