/** What only assistive technology hears: accessible names and live announcements (src/renderer/src/i18n/index.ts). */
export default {
  keypad: {
    /** Said by the keypad's live region as digits are typed: counts only, never the digits. */
    progress: '已输入 {n} 位，共 {total} 位',
  },
  /** 优惠's stock bar (src/renderer/src/views/promotions/PromotionsView.vue). */
  stockLeft: '剩余名额',
}
