import { describe, expect, it } from 'vitest'
import WelcomeView from '@renderer/views/welcome/WelcomeView.vue'
import { click, isDisabled, mountView, routeName, setup } from './helpers'

describe('WelcomeView', () => {
  it('offers 注册, 登录, 从备份恢复 and 帮助', async () => {
    const { pinia } = setup({})
    const { wrapper } = await mountView(WelcomeView, pinia, '/welcome')
    expect(wrapper.text()).toContain('工行数字钱包')
    expect(wrapper.find('[data-testid="welcome-register"]').text()).toBe('注册')
    expect(wrapper.find('[data-testid="welcome-register"]').classes()).toContain('el-button--primary')
    expect(wrapper.find('[data-testid="welcome-sign-in"]').text()).toBe('登录')
    expect(wrapper.find('[data-testid="welcome-restore"]').text()).toBe('从备份恢复')
    expect(isDisabled(wrapper, 'welcome-restore')).toBe(false)
  })

  it('answers the FAQ in the help dialog: SMS code, wrong details, hotline 95588', async () => {
    const { pinia } = setup({})
    const { wrapper } = await mountView(WelcomeView, pinia, '/welcome')
    await click(wrapper, 'welcome-help-open')
    const help = document.querySelector('[data-testid="welcome-help"]')!.textContent
    expect(help).toContain('验证码未收到怎么办')
    expect(help).toContain('重新获取')
    expect(help).toContain('信息填写错误怎么办')
    expect(help).toContain('手机号码和身份证号')
    expect(help).toContain('95588')
  })

  it('goes to the wizard, to sign-in and to restore', async () => {
    const { pinia } = setup({})
    const { wrapper, router } = await mountView(WelcomeView, pinia, '/welcome')
    await click(wrapper, 'welcome-register')
    await routeName(router, 'activate')
    await click(wrapper, 'welcome-sign-in')
    await routeName(router, 'sign-in')
    await click(wrapper, 'welcome-restore')
    await routeName(router, 'restore')
  })
})
