/** 双因素认证: enrolment, recovery codes and switching it off (views/settings/TwoFactorView.vue). */
const twofa = {
  title: '双因素认证',
  subtitle: '登录时除密码外，再输入身份验证器应用中的动态口令',
  entry: '双因素认证',
  state: { on: '已开启', off: '未开启' },
  intro: '开启后，每次在新设备或重新登录时，除登录密码（及短信验证码）外，还需输入身份验证器应用（如 Google Authenticator、Microsoft Authenticator）生成的 6 位动态口令。',
  start: '开启双因素认证',
  scan: '第 1 步：用身份验证器应用扫描二维码',
  manual: '无法扫描时，请在应用中手动输入以下密钥（基于时间，6 位，30 秒）：',
  copyKey: '复制密钥',
  keyCopied: '密钥已复制',
  confirm: '第 2 步：输入应用中显示的 6 位动态口令',
  code: '动态口令',
  confirmButton: '验证并开启',
  cancel: '取消',
  codeFormat: '请输入 6 位数字动态口令。',
  enabled: '双因素认证已开启',
  enabledBody: '登录时将要求输入身份验证器应用中的动态口令。',
}
export default twofa
