// Where the CLI writes, and whether it may use colour.

export interface Io {
  out(text: string): void;
  err(text: string): void;
  /** Colour only on a TTY, and never with NO_COLOR set. */
  color: boolean;
  isTty: boolean;
  /** Asks on a TTY; resolves to the answer. */
  ask(question: string): Promise<string>;
}

export function processIo(): Io {
  const isTty = Boolean(process.stdout.isTTY) && Boolean(process.stdin.isTTY);
  return {
    out: (text) => process.stdout.write(text.endsWith('\n') ? text : `${text}\n`),
    err: (text) => process.stderr.write(text.endsWith('\n') ? text : `${text}\n`),
    color: Boolean(process.stdout.isTTY) && !process.env['NO_COLOR'],
    isTty,
    ask: async (question) => {
      const { createInterface } = await import('node:readline/promises');
      const rl = createInterface({ input: process.stdin, output: process.stdout });
      try {
        return await rl.question(question);
      } finally {
        rl.close();
      }
    },
  };
}
