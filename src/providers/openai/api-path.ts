// Every id or name that goes into a URL path is encoded as one segment, so a value with `/`,
// `..` or `%` can never change which endpoint a request reaches.

export interface ApiPath {
  /** The encoded path, relative to the base URL, e.g. `/organization/projects/proj_1`. */
  path: string;
  /** The endpoint with its parameters blanked, e.g. `/organization/projects/{}`: the key for pacing. */
  template: string;
}

export function apiPath(strings: TemplateStringsArray, ...params: string[]): ApiPath {
  let path = strings[0] ?? '';
  for (let i = 0; i < params.length; i++) {
    path += encodeSegment(params[i] ?? '') + (strings[i + 1] ?? '');
  }
  return { path, template: strings.join('{}') };
}

function encodeSegment(value: string): string {
  if (value === '' || value === '.' || value === '..') {
    throw new Error(`refusing to put ${JSON.stringify(value)} into an API path`);
  }
  return encodeURIComponent(value);
}
