// ANSI styling for terminal output. The CLI decides whether colour is on (a TTY, no NO_COLOR);
// renderers only pass the flag through.

const CODES = {
  bold: 1,
  red: 31,
  green: 32,
  yellow: 33,
  magenta: 35,
} as const;

export type Style = keyof typeof CODES;

export type Painter = (style: Style, text: string) => string;

export function painter(color: boolean): Painter {
  if (!color) return (_style, text) => text;
  return (style, text) => (text === '' ? text : `\u001b[${CODES[style]}m${text}\u001b[0m`);
}
