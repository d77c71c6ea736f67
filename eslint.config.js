// ESLint over src/, test/, bench/ and the JS entry points; run by `npm run lint`.
// typescript-eslint's `recommended` set, not the type-checked one: that needs a TypeScript program
// and costs about four times the CPU (≈27 s against ≈7 s here), more than CI's lint budget; tsc
// --strict already checks the types in `npm test`.
import js from '@eslint/js';
import { defineConfig } from 'eslint/config';
import tseslint from 'typescript-eslint';

export default defineConfig(
  { ignores: ['dist/', 'coverage/'] },
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    rules: {
      // A leading underscore names what is left out on purpose: `const { id: _id, ...rest } = x`.
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_', ignoreRestSiblings: true },
      ],
      // Terminal output is sanitised and checked for raw control characters, so regexes that
      // match \u0000-\u001f (and ESC) are the point, not a typo.
      'no-control-regex': 'off',
    },
  },
  {
    files: ['bin/**/*.js'],
    languageOptions: { globals: { process: 'readonly' } },
  },
);
