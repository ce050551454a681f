// ESLint for the repository's own source (npm test runs it with `npm run lint`). typescript-eslint's
// recommended rules without type information, so that the whole repository lints in seconds.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      '**/node_modules/**',
      '**/dist/**',
      'packages/core/templates/**',
      // Migration file skeletons with marks the emitter fills: compiled by templates.test.ts, not linted.
      'templates/*.ts',
      '!templates/templates.test.ts',
      '**/test/**/fixtures/**',
      'bench/.work/**',
      'examples/ecommerce/migrations/**',
      'examples/ecommerce/src/**',
      'examples/zero-downtime/migrations/**',
      'examples/zero-downtime/src/**',
      '**/oclif.manifest.json',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    languageOptions: {
      ecmaVersion: 2023,
      sourceType: 'module',
      globals: {
        process: 'readonly',
        console: 'readonly',
        __dirname: 'readonly',
        __filename: 'readonly',
        require: 'readonly',
        module: 'writable',
        Buffer: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        setInterval: 'readonly',
        clearInterval: 'readonly',
        performance: 'readonly',
        URL: 'readonly',
      },
    },
    rules: {
      // Kysely<any> is how a runner holds a database whose schema it does not know.
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
    },
  },
  {
    // Plain Node scripts (bin, build scripts, the benchmark, the example's demo) are CommonJS.
    files: ['**/*.js', '**/*.cjs'],
    languageOptions: { sourceType: 'commonjs' },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
