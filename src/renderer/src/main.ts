import { createApp } from 'vue'
import { createPinia } from 'pinia'
// Components and their styles are imported where templates use them (unplugin-vue-components);
// the services called from code need theirs here.
import 'element-plus/theme-chalk/base.css'
import 'element-plus/es/components/message/style/css'
import 'element-plus/es/components/message-box/style/css'
import 'element-plus/es/components/notification/style/css'
import 'element-plus/theme-chalk/dark/css-vars.css'
import './styles/theme.css'
import App from './App.vue'
import { i18n } from './i18n'
import { createAppRouter, prefetchInitialRoute } from './router'
import { initBridge } from './api/client'
import { installFlowGuard } from './router/guard'
import { useSessionStore } from './stores/session'
import { useActivationStore } from './stores/activation'
import { fetchReplicaKey, replica } from './stores/sync'
import { primeFirstRows } from './db/queries'

initBridge()

const app = createApp(App)
const pinia = createPinia()
app.use(pinia)
app.use(i18n)
const router = createAppRouter()
const session = useSessionStore(pinia)
const activation = useActivationStore(pinia)
installFlowGuard(router, () => ({ session: session.status?.status, wizard: activation.state }))
app.use(router)
// While the start-up questions travel: the first screen's code, and the replica opened (on 账单
// without a filter, its first rows read too).
prefetchInitialRoute(router, window.location.hash)
// The replica's key, when the wallet is open (main refuses it while locked); reads wait for it.
if (!/^#\/welcome/.test(window.location.hash)) void fetchReplicaKey()
if (/^#\/history\/?$/.test(window.location.hash)) primeFirstRows(replica())
// Not for the welcome screen: nobody is signed in there (and right after 注销 the replica was just deleted).
else if (!/^#\/welcome/.test(window.location.hash))
  void replica()
    .open()
    .catch(() => {})
app.mount('#app')
