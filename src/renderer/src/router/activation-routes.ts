import type { RouteRecordRaw } from 'vue-router'

/**
 * Full-screen routes outside the app layout. `meta.public`: reachable without an unlocked session,
 * so a guard can let them through while sending everything else to /welcome or /lock.
 */
export const activationRoutes: RouteRecordRaw[] = [
  {
    path: '/welcome',
    name: 'welcome',
    component: () => import('@renderer/views/welcome/WelcomeView.vue'),
    meta: { public: true },
  },
  {
    path: '/activate',
    name: 'activate',
    component: () => import('@renderer/views/activation/ActivationWizard.vue'),
    meta: { public: true },
  },
  {
    path: '/sign-in',
    name: 'sign-in',
    component: () => import('@renderer/views/session/SignInView.vue'),
    meta: { public: true },
  },
  {
    path: '/restore',
    name: 'restore',
    component: () => import('@renderer/views/backup/RestoreView.vue'),
    meta: { public: true },
  },
  { path: '/lock', name: 'lock', component: () => import('@renderer/views/session/LockView.vue'), meta: { public: true } },
]
