/**
 * Runs before the rest of the app's code is evaluated (its own chunk, the first script of index.html; see
 * electron.vite.config.ts): the questions every start asks at once go out now, and main answers them while
 * the page evaluates Vue, Element and the app (~40 ms at 100k on a 2-core machine). `call` takes these
 * answers for the app's first asks (src/renderer/src/api/client.ts).
 */
import type { ChannelName } from '@shared/contract'
import { askEarly, initBridge } from './api/client'
import { SCREENS, screenOf } from './router/screens'

/** What App.vue's start asks on every start (vault, settings, session, wizard). */
const START_UP: readonly ChannelName[] = [
  'vault.status',
  'settings.appearance',
  'settings.get',
  'app.info',
  'session.status',
  'activation.state',
]

initBridge()
// The replica's key too, unless the app opens on the welcome screen (nobody is signed in there), as main.ts asks it.
askEarly(/^#\/welcome/.test(window.location.hash) ? START_UP : [...START_UP, 'replica.key'])
// The code of the screen it opens on, fetched while the rest is evaluated; the router's guard still decides
// what is shown (router/index.ts, prefetchInitialRoute, finds it loaded or loading).
const screen = screenOf(window.location.hash)
if (screen) void SCREENS[screen]().catch(() => {})
