import js from '@eslint/js';
import svelte from 'eslint-plugin-svelte';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: ['node_modules/', 'db/generated/', 'web/.svelte-kit/', 'web/build/', '.data/', 'bench/results/', 'test-results/'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  ...svelte.configs['flat/recommended'],
  {
    files: ['**/*.svelte', '**/*.svelte.ts'],
    languageOptions: { parserOptions: { parser: tseslint.parser } },
  },
  {
    languageOptions: { globals: { process: 'readonly', console: 'readonly', Buffer: 'readonly', URL: 'readonly' } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    // Workflows must stay deterministic: time and randomness only through the Temporal SDK.
    files: ['workflows/**/*.ts', 'domain/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-globals': ['error', 'setTimeout', 'setInterval', 'fetch', 'process', 'Buffer'],
      'no-restricted-properties': [
        'error',
        { object: 'Math', property: 'random', message: 'Not deterministic: take randomness as a parameter.' },
        { object: 'Date', property: 'now', message: 'Not deterministic: take time as a parameter.' },
      ],
      'no-restricted-imports': ['error', { patterns: ['node:*', 'fs', 'pg', '**/db/**', '**/integrations/**', '**/api/**'] }],
    },
  },
  {
    // Layers below the HTTP server never reach up into it: what two layers share lives in db/ or domain/.
    files: ['activities/**/*.ts', 'db/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['**/api/**'], message: 'api/ sits above this layer: move what you need into db/ or domain/.' }] },
      ],
    },
  },
);
