// Where one-time service-account keys go. A sink is checked once before the first change of an
// apply (so a key is never made with nowhere to keep it), then takes each key as it is made.
// The secrets directory is one sink; another (e.g. a command the key is piped to) plugs in here.

export interface ServiceAccountKey {
  project: string;
  project_id: string;
  service_account: string;
  service_account_id: string;
  api_key_id: string;
  value: string;
}

export interface SecretSink {
  /** Throws (saying why) when keys cannot be kept; called before anything is created. */
  prepare(): Promise<void>;
  /** Keeps one key, never replacing another; returns where, for the report (never the value). */
  write(key: ServiceAccountKey): Promise<string>;
}
