import { resolve } from 'node:path'
import { defineConfig } from 'electron-vite'
import vue from '@vitejs/plugin-vue'
import components from 'unplugin-vue-components/vite'
import { ElementPlusResolver } from 'unplugin-vue-components/resolvers'
import { bundledLicences, shippedLicences } from './scripts/licences'

const shared = resolve('src/shared')

/**
 * Element Plus components used by a few screens only: tabs, table, descriptions, steps, skeleton, collapse, progress,
 * the date picker (with its panels, the time picker and dayjs under them), radios, switches, the one-time-code input,
 * avatar, divider and empty states. Their scripts (~440 kB of the ~1.45 MB chunk before minifying) and their own
 * stylesheets (~105 KB of the ~195 KB), with the style modules that import them, are left out of the Element chunk
 * and load with the screens that use them. Each component's style module imports the styles it builds on first, and
 * those stay in the Element chunk, so each of these still comes after them. Measured at 100k on 账单: rows on screen
 * ~25-60 ms sooner for the stylesheets (a smaller one to parse before the app starts and to match at its first
 * layout), ~10 ms for the scripts (less to load and evaluate before the app starts).
 */
const LAZY_ELEMENT =
  /([\\/]components[\\/]|[\\/]theme-chalk[\\/]el-)(table|table-column|tabs|tab-pane|descriptions|descriptions-item|steps|step|skeleton|skeleton-item|collapse|collapse-item|progress|date-picker|date-picker-panel|time-picker|radio|radio-button|radio-group|switch|input-otp|avatar|divider|empty)([\\/]|\.css$)|[\\/]node_modules[\\/]dayjs[\\/]/

export default defineConfig({
  main: {
    resolve: { alias: { '@shared': shared } },
    // 设置 → 关于 lists the licences of what the app ships: this bundle's packages and the production
    // dependencies left external (scripts/licences.ts, into out/licences).
    plugins: [bundledLicences('main'), shippedLicences()],
    build: {
      // keytar is an optional dependency (it may fail to build without libsecret's headers), which
      // electron-vite does not externalize on its own; it is loaded at run time or not at all.
      externalizeDeps: { include: ['keytar'] },
      rollupOptions: {
        input: {
          index: resolve('src/main/index.ts'),
          // The backup worker thread, started from out/main/backup-worker.js (src/main/platform/backup/run-worker.ts).
          'backup-worker': resolve('src/main/platform/backup/worker.ts'),
        },
      },
    },
  },
  preload: {
    resolve: { alias: { '@shared': shared } },
    plugins: [bundledLicences('preload')],
    build: {
      // Sandboxed preload scripts cannot be ES modules, so the preload is bundled to one CJS file.
      externalizeDeps: { exclude: ['zod'] },
      rollupOptions: {
        input: { index: resolve('src/preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: 'src/renderer',
    resolve: {
      alias: { '@renderer': resolve('src/renderer/src'), '@shared': shared },
    },
    plugins: [
      vue(),
      // Element Plus per component, with only the styles of the components in use: the whole
      // library (890 kB of script, 367 kB of CSS) parsed at every start cost the first screen.
      // Our own components are imported explicitly (no directory scanning, no generated d.ts).
      components({ resolvers: [ElementPlusResolver({ importStyle: 'css' })], dirs: [], dts: false }),
      bundledLicences('renderer'),
    ],
    build: {
      rollupOptions: {
        input: { index: resolve('src/renderer/index.html') },
        output: {
          manualChunks: (id) => {
            // The Element Plus parts in use as one chunk: dozens of tiny modules cost more to load than they save.
            // Its stylesheet is linked by index.html and parsed and matched at every start, so the styles of the
            // components that only some screens use, and that no other component's styles build on, are left with
            // those screens (LAZY_ELEMENT) and load with them, after Element's shared styles as before; so are their scripts.
            if (
              /[\\/]node_modules[\\/](element-plus|@element-plus|@floating-ui|lodash-es|@vueuse|async-validator|dayjs)[\\/]/.test(id) &&
              !LAZY_ELEMENT.test(id)
            )
              return 'element-plus'
            // The start-up questions (src/renderer/src/boot.ts) in a chunk of their own, so that they go out
            // before the other chunks are evaluated, not after them as the entry chunk's own code would.
            if (/[\\/]src[\\/]renderer[\\/]src[\\/](boot|router[\\/]screens)\.ts$/.test(id)) return 'boot'
            return undefined
          },
        },
      },
      // A lazy screen's modules are announced as <link rel=modulepreload> only where the start-up chunk
      // imports it (src/renderer/src/router/screens.ts, the left navigation's screens): the screen the app
      // opens on is then fetched all at once while the app is evaluated, not one level of imports after
      // another once it is (~10-25 ms of the first screen at 100k). Other lazy imports are left to name their
      // own modules, from local files (app://, or the harness's cache) that cost no round trip worth saving,
      // while each link is DOM work on the page's main thread as a screen is built. The stylesheets of a lazy
      // screen are still linked before it renders; index.html keeps its preloads.
      modulePreload: {
        resolveDependencies: (_file, deps, { hostId, hostType }) =>
          hostType === 'html' || /(^|[\\/])boot-[^\\/]*\.js$/.test(hostId) ? deps : [],
      },
      minify: true,
      chunkSizeWarningLimit: 1500,
    },
  },
})
