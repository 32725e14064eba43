import type zh from './a11y.zh-CN'

/** What only assistive technology hears: accessible names and live announcements (src/renderer/src/i18n/index.ts). */
export default {
  keypad: {
    progress: '{n} of {total} digits entered',
  },
  stockLeft: 'Coupons left',
} satisfies typeof zh
