// Cutting a Markdown document into parts that each fit a size limit (a GitHub comment holds
// 65,536 characters) and each stand on their own: a block is only ever cut between body lines and
// every piece gets its head and tail again (a code fence is closed and reopened), and a
// `<details>` section is closed at the end of a part and reopened, marked continued, in the next.

/** A unit of Markdown: `head` and `tail` wrap every piece of `body` it is cut into. */
export interface Block {
  head: string[];
  body: string[];
  tail: string[];
}

/** Blocks that share a wrapper, e.g. a `<details>` section; `open`/`close` absent for none. */
export interface Section {
  open?: (continued: boolean) => string;
  close?: string;
  blocks: Block[];
}

const SEP = '\n\n';

/**
 * The parts of the document, each at most `maxChars` long. `title(i, n)` is the first line of
 * part i of n (n is 1 when the document fits whole).
 */
export function splitParts(
  sections: readonly Section[],
  maxChars: number,
  title: (i: number, n: number) => string,
): string[] {
  const whole = [title(1, 1), ...sections.flatMap(renderSection)].join(SEP) + '\n';
  if (whole.length <= maxChars) return [whole];
  const bodies = new Splitter(maxChars, title(9999, 9999).length + 1).run(sections);
  return bodies.map((chunks, i) => [title(i + 1, bodies.length), ...chunks].join(SEP) + '\n');
}

function renderSection(s: Section): string[] {
  const blocks = s.blocks.map(renderBlock);
  if (blocks.length === 0) return [];
  return [...(s.open ? [s.open(false)] : []), ...blocks, ...(s.close ? [s.close] : [])];
}

function renderBlock(b: Block): string {
  return [...b.head, ...b.body, ...b.tail].map((line) => line.trimEnd()).join('\n');
}

class Splitter {
  private parts: string[][] = [];
  private chunks: string[] = [];
  private used: number;
  private open: Section | undefined;
  private placed = 0;

  constructor(
    private readonly maxChars: number,
    private readonly reserve: number,
  ) {
    this.used = reserve;
  }

  run(sections: readonly Section[]): string[][] {
    for (const section of sections) {
      let started = false;
      for (const block of section.blocks) {
        started = this.place(section, block, started);
      }
      if (this.open === section) this.closeSection();
    }
    if (this.placed > 0) this.parts.push(this.chunks);
    return this.parts;
  }

  /** Places all of `block`, across as many parts as it takes; returns that the section started. */
  private place(section: Section, block: Block, started: boolean): boolean {
    let body = block.body;
    for (;;) {
      const opener = section.open && this.open !== section ? section.open(started) : undefined;
      const frame = (opener === undefined ? 0 : opener.length + SEP.length) + (section.close ? section.close.length + SEP.length : 0);
      const room = this.maxChars - this.used - frame - SEP.length;
      const fixed = renderBlock({ head: block.head, body: [], tail: block.tail }).length;
      let size = fixed;
      let n = 0;
      while (n < body.length && size + (body[n]?.length ?? 0) + 1 <= room) {
        size += (body[n]?.length ?? 0) + 1;
        n++;
      }
      const fitsWhole = n === body.length && (body.length > 0 || fixed <= room);
      if (n === 0 && !fitsWhole) {
        if (this.placed > 0) {
          this.flush();
          continue;
        }
        // A fresh part and still no room for one line: cut the line itself.
        const first = body[0];
        const cut = room - fixed - 2;
        if (first === undefined || cut < 16) {
          throw new RangeError(`maxChars ${this.maxChars} is too small for this plan's Markdown`);
        }
        body = [first.slice(0, cut) + '…', ...body.slice(1)];
        continue;
      }
      if (opener !== undefined) {
        this.push(opener);
        this.open = section;
        started = true;
      }
      this.push(renderBlock({ head: block.head, body: body.slice(0, n), tail: block.tail }));
      this.placed++;
      if (fitsWhole) return started;
      body = body.slice(n);
      this.flush();
    }
  }

  private push(chunk: string): void {
    this.chunks.push(chunk);
    this.used += chunk.length + SEP.length;
  }

  private closeSection(): void {
    if (this.open?.close) this.push(this.open.close);
    this.open = undefined;
  }

  private flush(): void {
    this.closeSection();
    this.parts.push(this.chunks);
    this.chunks = [];
    this.used = this.reserve;
    this.placed = 0;
  }
}

/**
 * What separates the parts when they travel as one text (`plan --format markdown`); a reader
 * splits on it only where it is a line of its own. No part can hold such a line (names are
 * escaped in text and quoted in fences); this checks it rather than trusting it.
 */
export const PART_MARKER = '<!-- orgform: next part -->';

export function joinParts(parts: readonly string[]): string {
  for (const part of parts) {
    if (part.split('\n').some((line) => line.trim() === PART_MARKER)) {
      throw new Error('a Markdown part holds the part marker on a line of its own (an orgform bug)');
    }
  }
  return parts.join(`\n\n${PART_MARKER}\n\n`);
}
