import js from '@eslint/js'
import tseslint from 'typescript-eslint'
import pluginVue from 'eslint-plugin-vue'
import prettier from 'eslint-config-prettier'
import globals from 'globals'

// Only the thin Electron shell may import electron: everything else in main is plain Node.
const ELECTRON_ALLOWED = [
  'src/main/index.ts',
  'src/main/shell/**/*.ts',
  'src/main/ipc/electron/index.ts',
  'src/main/platform/vault/safe-storage.ts',
  'src/preload/**/*.ts',
  'tests/e2e-electron/**/*.ts',
  'playwright.electron.config.ts',
]

// The mock bank (src/mock-bank) and the one file of the wallet that starts it in-process.
const MOCK_BANK = ['**/mock-bank', '**/mock-bank/**']
const MOCK_BANK_SEAM = 'src/main/platform/bank/embedded.ts'

// The layers of src/main, lowest first: a file imports its own layer and the ones below, never one above
// (docs/architecture.md; tests/unit/main-layering.test.ts checks the same by reading, types included).
const MAIN_LAYERS = ['base', 'platform', 'core', 'ipc', 'shell']
// Scoped packages are never a layer of ours, though their paths may end the same (@zxcvbn-ts/core).
const layerGroups = (layers) => [...layers.flatMap((l) => [`**/${l}`, `**/${l}/**`]), '!@*/**']
const mainLayerRule = (layer, { mockBank = true } = {}) => {
  const above = MAIN_LAYERS.slice(MAIN_LAYERS.indexOf(layer) + 1)
  return [
    'error',
    {
      patterns: [
        ...(mockBank
          ? [
              {
                group: MOCK_BANK,
                message: `Only ${MOCK_BANK_SEAM} starts the mock bank; everything else talks to it through src/main/platform/bank/client.`,
              },
            ]
          : []),
        ...(above.length
          ? [
              {
                group: layerGroups(above),
                message: `src/main/${layer} imports only ${MAIN_LAYERS.slice(0, MAIN_LAYERS.indexOf(layer) + 1).join(', ')} and src/shared.`,
              },
            ]
          : []),
      ],
    },
  ]
}
const MAIN_LAYER_RULES = [
  ...MAIN_LAYERS.map((layer) => ({
    files: [`src/main/${layer}/**/*.ts`],
    ignores: [MOCK_BANK_SEAM],
    rules: { '@typescript-eslint/no-restricted-imports': mainLayerRule(layer) },
  })),
  {
    files: [MOCK_BANK_SEAM],
    rules: { '@typescript-eslint/no-restricted-imports': mainLayerRule('platform', { mockBank: false }) },
  },
]

// The renderer and shared code: no electron, no Node, no main-process modules.
const RENDERER_IMPORTS = {
  paths: [{ name: 'electron', message: 'The renderer and shared code never import electron.' }],
  patterns: [
    { group: ['node:*', '**/main/**'], message: 'Renderer and shared code stay free of Node and main-process modules.' },
    { group: MOCK_BANK, message: 'The renderer and shared code never reach the mock bank: it is a bank, reached over HTTP.' },
  ],
}

// Renderer layering (docs/architecture.md): a view folder keeps to itself — its own files by relative path,
// never another view folder — and what two screens share lives in features/, components/ or composables/.
// Only the router and App.vue import views. (A later block's options replace an earlier one's for the same
// rule, so each repeats RENDERER_IMPORTS.) tests/unit/renderer/layering.test.ts checks the same by reading.
const restrictRenderer = (...patterns) => [
  'error',
  { ...RENDERER_IMPORTS, patterns: [...RENDERER_IMPORTS.patterns, ...patterns] },
]
const RENDERER_LAYERS = [
  // A file `depth` folders below views/<area>/ leaves its area with `depth` + 1 steps up.
  ...[0, 1, 2, 3].map((depth) => ({
    files: [`src/renderer/src/views/*/${'*/'.repeat(depth)}*.{ts,vue}`],
    rules: {
      'no-restricted-imports': restrictRenderer(
        { regex: '^@renderer/views(/|$)', message: 'A view imports its own folder by relative path, never another view folder.' },
        {
          regex: `^(\\.\\./){${depth + 1},}`,
          message: 'This leaves the view folder: share through features/, components/ or composables/ (by @renderer/…).',
        },
      ),
    },
  })),
  {
    files: ['src/renderer/src/*/**/*.{ts,vue}'],
    ignores: ['src/renderer/src/views/**', 'src/renderer/src/router/**'],
    rules: {
      'no-restricted-imports': restrictRenderer({
        regex: '^(@renderer/|(\\.\\./)+)views(/|$)',
        message: 'Only the router and App.vue import views; components/ and features/ never do.',
      }),
    },
  },
]

export default tseslint.config(
  {
    ignores: [
      'out/**',
      'dist/**',
      'release/**',
      'node_modules/**',
      'coverage/**',
      'test-results/**',
      'playwright-report/**',
      'bench/tmp/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  ...pluginVue.configs['flat/recommended'],
  {
    files: ['**/*.vue'],
    languageOptions: { parserOptions: { parser: tseslint.parser, extraFileExtensions: ['.vue'] } },
  },
  {
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'vue/multi-word-component-names': 'off',
    },
  },
  {
    files: ['**/*.{ts,vue,js,mjs}'],
    ignores: ELECTRON_ALLOWED,
    rules: {
      'no-restricted-imports': [
        'error',
        { paths: [{ name: 'electron', message: 'Only the Electron shell may import electron (docs/architecture.md).' }] },
      ],
    },
  },
  {
    files: ['src/renderer/**/*.{ts,vue}', 'src/shared/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', RENDERER_IMPORTS] },
  },
  {
    // The mock bank is a bank of its own: it shares the bank's API (src/shared/bank-api) and pure code, nothing of the wallet.
    files: ['src/mock-bank/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'electron', message: 'The mock bank never imports electron.' }],
          patterns: [
            {
              group: [
                '**/main/**',
                '**/renderer/**',
                '@renderer/**',
                '**/preload/**',
                '**/scripts/**',
                '**/tests/**',
                '**/bench/**',
              ],
              message: 'The mock bank imports only src/shared and packages (src/mock-bank/README.md).',
            },
          ],
        },
      ],
    },
  },
  {
    // The wallet starts the embedded mock bank through one seam and otherwise reaches it only over HTTP.
    files: ['src/main/**/*.ts', 'src/preload/**/*.ts'],
    ignores: [MOCK_BANK_SEAM],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: MOCK_BANK,
              message: `Only ${MOCK_BANK_SEAM} starts the mock bank; everything else talks to it through src/main/platform/bank/client.`,
            },
          ],
        },
      ],
    },
  },
  ...MAIN_LAYER_RULES,
  ...RENDERER_LAYERS,
  {
    // The renderer never validates (main does): building every channel's zod schema cost its start-up.
    files: ['src/renderer/**/*.{ts,vue}'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'zod', message: 'Validation happens in main; the renderer stays free of zod.' }],
          // (Node and main-process modules are refused by the core rule in the block above.)
          patterns: [
            {
              regex: '^@shared/contract(/(?!constants$).*)?$',
              allowTypeImports: true,
              message: 'Values come from @shared/contract/constants: the other contract modules build zod schemas.',
            },
          ],
        },
      ],
    },
  },
  prettier,
)
