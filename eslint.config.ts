import js from '@eslint/js'
import prettierOff from 'eslint-config-prettier/flat'
import pluginVue from 'eslint-plugin-vue'
import globals from 'globals'
import tseslint from 'typescript-eslint'

/** The import boundaries of design.md: shared stands alone; app and server never import each other. */
const frameworkModules = [
  'vue',
  'vue-router',
  'pinia',
  'dexie',
  'vant',
  'hono',
  'hono/*',
  '@hono/*',
  'kysely',
  'better-sqlite3',
  'pg',
  'workbox-window',
]

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'data/**', 'dev-dist/**', 'docs/**'] },
  js.configs.recommended,
  ...tseslint.configs.strict,
  ...pluginVue.configs['flat/recommended'],
  {
    files: ['**/*.vue'],
    languageOptions: { parserOptions: { parser: tseslint.parser, extraFileExtensions: ['.vue'] } },
  },
  {
    languageOptions: { globals: { ...globals.browser, ...globals.node, __APP_VERSION__: 'readonly' } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-non-null-assertion': 'off',
      // Unused names are the compiler's job (noUnusedLocals); a leading _ marks a deliberate discard.
      '@typescript-eslint/no-unused-vars': [
        'error',
        { varsIgnorePattern: '^_', argsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' },
      ],
      'vue/max-attributes-per-line': 'off',
      'vue/singleline-html-element-content-newline': 'off',
      'vue/html-self-closing': 'off',
      'vue/multi-word-component-names': 'off',
      'no-restricted-syntax': ['error', { selector: 'ExportDefaultDeclaration', message: 'Use named exports.' }],
    },
  },
  {
    files: ['src/shared/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: frameworkModules, message: 'src/shared/ is plain TypeScript: no framework imports.' },
            { group: ['node:*'], message: 'src/shared/ runs in the browser too: no node: imports.' },
            { group: ['**/app/**', '**/server/**'], message: 'src/shared/ imports nothing of app or server.' },
          ],
        },
      ],
    },
  },
  {
    files: ['src/app/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['**/server/**', 'node:*', 'hono', '@hono/*'], message: 'src/app/ never imports the server.' },
          ],
        },
      ],
    },
  },
  {
    files: ['src/server/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['**/app/**', 'vue', 'dexie', 'vant', 'pinia'], message: 'src/server/ never imports the app.' },
          ],
        },
      ],
    },
  },
  {
    // Config files are loaded by their tools, which expect a default export.
    files: ['vite.config.ts', 'vitest.config.ts', 'eslint.config.ts', '**/*.d.ts'],
    rules: { 'no-restricted-syntax': 'off' },
  },
  // Layout is Prettier's (npm run format; checked by npm run lint): the style rules that would argue with it are off.
  prettierOff,
)
