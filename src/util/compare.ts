/** Code-unit order: the same on every machine and locale, so plans and exports are byte-for-byte stable. */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
