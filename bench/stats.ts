// Small numeric and formatting helpers.

export function median(values: number[]): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

export const seconds = (ms: number): string => (Number.isFinite(ms) ? `${(ms / 1000).toFixed(2)} s` : '-');
export const millis = (ms: number): string => (Number.isFinite(ms) ? `${ms.toFixed(0)} ms` : '-');
export const mb = (bytes: number | null): string => (bytes === null || !Number.isFinite(bytes) ? '-' : `${(bytes / 1024 / 1024).toFixed(0)} MB`);
export const ratio = (x: number): string => (Number.isFinite(x) ? `${x.toFixed(2)}×` : '-');

/** A plain text table: the first row is the header. */
export function table(rows: string[][]): string {
  const widths: number[] = [];
  for (const row of rows) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, cell.length)));
  const line = (row: string[]) => row.map((cell, i) => (i === 0 ? cell.padEnd(widths[i] ?? 0) : cell.padStart(widths[i] ?? 0))).join('  ');
  const out = [line(rows[0] ?? []), widths.map((w) => '-'.repeat(w)).join('  ')];
  for (const row of rows.slice(1)) out.push(line(row));
  return out.join('\n');
}
