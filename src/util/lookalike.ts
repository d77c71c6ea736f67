// When two names would look the same to a person: Unicode normalization, case, and the
// confusable characters of Unicode TR39 (its skeleton: NFD, map each character to its prototype
// in confusables.txt, NFD again). The mapping is the `unhomoglyph` package's copy of
// confusables.txt, so no table is kept here.

import unhomoglyph from 'unhomoglyph';

/** The TR39 skeleton of `s`: equal skeletons mean confusable strings. */
export function skeleton(s: string): string {
  return unhomoglyph(s.normalize('NFD')).normalize('NFD');
}

/** A name's forms, computed once when many names are compared. */
export interface NameForms {
  nfc: string;
  nfkc: string;
  folded: string;
  skeletons: [string, string];
}

export function formsOf(name: string): NameForms {
  const nfkc = name.normalize('NFKC');
  const folded = nfkc.toLowerCase();
  return { nfc: name.normalize('NFC'), nfkc, folded, skeletons: [skeleton(nfkc), skeleton(folded)] };
}

/** Keys two look-alike names share at least one of (each tagged by the form it is). */
export function lookAlikeKeys(f: NameForms): string[] {
  return [`nfc:${f.nfc}`, `nfkc:${f.nfkc}`, `fold:${f.folded}`, `skel:${f.skeletons[0]}`, `skelfold:${f.skeletons[1]}`];
}

/** Why two different names would be taken for one, or undefined if they would not. */
export function lookAlike(a: string | NameForms, b: string | NameForms): string | undefined {
  const fa = typeof a === 'string' ? formsOf(a) : a;
  const fb = typeof b === 'string' ? formsOf(b) : b;
  if (fa.nfc === fb.nfc) return 'they are the same text in different Unicode forms (NFC)';
  if (fa.nfkc === fb.nfkc) return 'they differ only in compatibility characters such as a no-break space (NFKC)';
  if (fa.folded === fb.folded) return 'they differ only by case';
  if (fa.skeletons.some((s, i) => s === fb.skeletons[i])) {
    return 'they differ only by characters that look alike (Unicode TR39 confusables)';
  }
  return undefined;
}
