import { resolve } from 'node:path'
import { defineConfig } from 'vitest/config'
import vue from '@vitejs/plugin-vue'

const alias = { '@renderer': resolve('src/renderer/src'), '@shared': resolve('src/shared') }

export default defineConfig({
  test: {
    projects: [
      {
        resolve: { alias },
        test: {
          name: 'node',
          environment: 'node',
          include: ['tests/unit/**/*.test.ts', 'tests/integration/**/*.test.ts', 'tests/mock-bank/**/*.test.ts'],
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        plugins: [vue()],
        resolve: { alias },
        test: {
          name: 'component',
          environment: 'happy-dom',
          include: ['tests/component/**/*.test.ts'],
          setupFiles: ['tests/component/setup-replica-key.ts'],
          testTimeout: 30_000,
          // Element's style modules imported from code (a component loaded with its styles at first use, as
          // views/history/parts/HistoryFilters.vue does) go through Vite, which stubs the stylesheets they import.
          server: { deps: { inline: [/element-plus[\\/]es[\\/]components[\\/][^\\/]+[\\/]style[\\/]/] } },
        },
      },
    ],
  },
})
