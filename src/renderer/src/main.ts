import { createApp } from 'vue'
import { createPinia } from 'pinia'
import ElementPlus from 'element-plus'
import 'element-plus/dist/index.css'
import 'element-plus/theme-chalk/dark/css-vars.css'
import './styles/theme.css'
import App from './App.vue'
import { i18n } from './i18n'
import { createAppRouter } from './router'
import { initBridge } from './api/client'
import { installFlowGuard } from './router/guard'
import { useSessionStore } from './stores/session'
import { useActivationStore } from './stores/activation'

initBridge()

const app = createApp(App)
const pinia = createPinia()
app.use(pinia)
app.use(i18n)
app.use(ElementPlus)
const router = createAppRouter()
const session = useSessionStore(pinia)
const activation = useActivationStore(pinia)
installFlowGuard(router, () => ({ session: session.status?.status, wizard: activation.state }))
app.use(router)
app.mount('#app')
