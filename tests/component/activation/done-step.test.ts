import { describe, expect, it } from 'vitest'
import ActivationWizard from '@renderer/views/activation/ActivationWizard.vue'
import { i18n } from '@renderer/i18n'
import { PROFILE, click, mountView, ok, routeName, setup, wizardState } from './helpers'

describe('activation step 5: 完成', () => {
  it('shows the wallet number, the tier and its limits', async () => {
    const { pinia } = setup({ 'activation.state': () => ok(wizardState('done')) })
    const { wrapper } = await mountView(ActivationWizard, pinia, '/activate')
    expect(wrapper.text()).toContain('激活成功')
    expect(wrapper.find('[data-testid="done-wallet-no"]').text()).toBe(PROFILE.walletNo)
    expect(wrapper.find('[data-testid="done-tier"]').text()).toBe('二类钱包')
    expect(wrapper.find('[data-testid="done-limit-perTx"]').text()).toBe('¥50,000.00')
    expect(wrapper.find('[data-testid="done-limit-daily"]').text()).toBe('¥100,000.00')
    expect(wrapper.find('[data-testid="done-limit-yearly"]').text()).toBe('不限')
    expect(wrapper.find('[data-testid="done-limit-balance"]').text()).toBe('¥500,000.00')
    expect(wrapper.text()).toContain('工商银行 6222 **** **** 3446')
    expect(wrapper.find('[data-testid="wizard-cancel"]').exists()).toBe(false)
  })

  it('says 不限 / No limit for a wallet without caps, in both languages', async () => {
    const state = wizardState('done')
    state.profile = {
      ...state.profile!,
      tier: 1,
      tierName: '一类钱包',
      caps: { perTxFen: null, dailyFen: null, yearlyFen: null, balanceFen: null },
    }
    const { pinia } = setup({ 'activation.state': () => ok(state) })
    const { wrapper } = await mountView(ActivationWizard, pinia, '/activate')
    expect(wrapper.find('[data-testid="done-limit-balance"]').text()).toBe('不限')
    i18n.global.locale.value = 'en-US'
    await wrapper.vm.$nextTick()
    expect(wrapper.find('[data-testid="done-limit-balance"]').text()).toBe('No limit')
    expect(wrapper.text()).toContain('Wallet activated')
    i18n.global.locale.value = 'zh-CN'
  })

  it('continues to 首页, and suggests a backup in 设置', async () => {
    const { pinia } = setup({ 'activation.state': () => ok(wizardState('done')) })
    const { wrapper, router } = await mountView(ActivationWizard, pinia, '/activate')
    expect(wrapper.text()).toContain('建议立即备份')
    await click(wrapper, 'done-backup')
    await routeName(router, '/settings')
    await click(wrapper, 'done-home')
    await routeName(router, '/home')
  })
})
