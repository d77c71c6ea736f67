// What apply may say about a one-time key it kept: where it went and which key it was, never the
// key itself. Shared by every place a key can go (a 0600 file today; other sinks later).

export interface StoredKey {
  project_id: string;
  service_account_id: string;
  api_key_id: string;
  /** How it was kept: `file` is --secrets-dir. */
  sink: 'file';
  /** Where: the file's path. */
  location: string;
}
