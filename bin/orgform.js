#!/usr/bin/env node
// The CLI is compiled to dist/ by `npm run build` (npm start and npm test run it first).
import { main } from '../dist/src/cli/main.js';

process.exitCode = await main(process.argv.slice(2));
