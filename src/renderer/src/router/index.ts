import { createRouter, createWebHashHistory, type RouteRecordRaw } from 'vue-router'
import AppLayout from '@renderer/layouts/AppLayout.vue'
import { activationRoutes } from './activation-routes'
import { SCREENS } from './screens'

/** The left navigation, in order; each entry is a route of its own. */
export const NAV_ITEMS = [
  { name: 'home', path: '/home', icon: 'HomeFilled' },
  { name: 'pay', path: '/pay', icon: 'Wallet' },
  { name: 'transfer', path: '/transfer', icon: 'Switch' },
  { name: 'bills', path: '/bills', icon: 'Lightning' },
  { name: 'history', path: '/history', icon: 'Tickets' },
  { name: 'promotions', path: '/promotions', icon: 'Present' },
  { name: 'wealth', path: '/wealth', icon: 'TrendCharts' },
  { name: 'messages', path: '/messages', icon: 'Bell' },
  { name: 'settings', path: '/settings', icon: 'Setting' },
  { name: 'help', path: '/help', icon: 'QuestionFilled' },
] as const

export type NavName = (typeof NAV_ITEMS)[number]['name']

const views: Record<NavName, RouteRecordRaw['component']> = SCREENS

export const routes: RouteRecordRaw[] = [
  ...activationRoutes,
  {
    path: '/',
    component: AppLayout,
    children: [
      { path: '', redirect: '/home' },
      ...NAV_ITEMS.map((item) => ({ path: item.path.slice(1), name: item.name, component: views[item.name]! })),
      // 设置 → 账户与安全 → 登录设备 (the navigation keeps 设置 highlighted: the first path segment).
      { path: 'settings/devices', name: 'devices', component: () => import('@renderer/views/devices/DevicesView.vue') },
      // 设置 → 账户与安全: a page of its own under 设置 (the left navigation keeps 设置 lit).
      {
        path: 'settings/account',
        name: 'account-security',
        component: () => import('@renderer/views/settings/AccountSecurityView.vue'),
      },
      // 注销, reached from 设置 (and from 帮助's answer on it).
      { path: 'settings/deregister', name: 'deregister', component: () => import('@renderer/views/deregister/DeregisterView.vue') },
      // 设置 → 账户与安全 → 双因素认证; its own route so it can be linked from wherever the row lives.
      { path: 'settings/two-factor', name: 'two-factor', component: () => import('@renderer/views/settings/TwoFactorView.vue') },
      // 设置 → 关于: version, data folder, 客服热线, open-source licences.
      { path: 'settings/about', name: 'about', component: () => import('@renderer/views/about/AboutView.vue') },
    ],
  },
  { path: '/:pathMatch(.*)*', redirect: '/home' },
]

/**
 * Hash history: the production renderer is built with relative asset paths (electron-vite) and served
 * from app://wallet/ or the harness, so the document URL never changes and reloads always work.
 */
export function createAppRouter() {
  return createRouter({ history: createWebHashHistory(), routes })
}

/**
 * Starts loading the code of the screen the app opens on (a lazy route) while the start-up questions
 * are still out, instead of after the flow guard lets the navigation through. Loading is all it does:
 * the guard still decides what is shown.
 */
export function prefetchInitialRoute(router: ReturnType<typeof createAppRouter>, hash: string): void {
  const path = hash.startsWith('#/') ? hash.slice(1) : '/home'
  for (const record of router.resolve(path).matched) {
    for (const component of Object.values(record.components ?? {})) {
      // A lazy route's component is its loader; the module system keeps the module it loads.
      if (typeof component === 'function' && component.length === 0) {
        void (component as () => Promise<unknown>)().catch(() => {})
      }
    }
  }
}
