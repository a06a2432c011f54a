import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/** Doors reach the engine through its public surface only (design card, "Boundaries"). */
const coreSurface = (allowed, message) => ({
  'no-restricted-imports': ['error', { patterns: [{ regex: `(^|/)core/(?!(${allowed})\\.js$)`, message }] }],
});

export default tseslint.config(
  { ignores: ['dist/**', 'build/**', 'node_modules/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  { files: ['**/*.mjs'], languageOptions: { globals: globals.node } },
  {
    files: ['mcp/**/*.ts', 'cli/**/*.ts', 'gateway/**/*.ts'],
    rules: coreSurface(
      'index|node',
      'Doors import the engine from core/index.ts (or core/node.ts for Node-only helpers), never from deeper.',
    ),
  },
  {
    files: ['nodes/**/*.ts', 'credentials/**/*.ts'],
    rules: coreSurface(
      'index',
      'The n8n nodes import the engine from core/index.ts only (core/node.ts is Node-only and not allowed in n8n).',
    ),
  },
  {
    files: ['core/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { regex: '^n8n-workflow$|^@modelcontextprotocol/', message: 'The core imports neither n8n nor the MCP SDK.' },
            { regex: '(^|/)(mcp|cli|nodes|credentials|gateway|sandbox)/', message: 'The core imports no door.' },
          ],
        },
      ],
    },
  },
);
