// `npm run docs`: writes docs/config.md from schemas/org.schema.json.

import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { packageFile } from '../paths.js';
import { renderConfigDoc, type JsonSchema } from './config-doc.js';

const schema = JSON.parse(readFileSync(packageFile('schemas', 'org.schema.json'), 'utf8')) as JsonSchema;
const out = packageFile('docs', 'config.md');
mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, renderConfigDoc(schema));
process.stdout.write(`wrote ${out}\n`);
