import type twofaZh from './twofa.zh-CN'

/** Two-factor authentication (views/settings/TwoFactorView.vue). */
const twofa: typeof twofaZh = {
  title: 'Two-factor authentication',
  subtitle: 'Sign in with a code from your authenticator app as well as your password',
  entry: 'Two-factor authentication',
  state: { on: 'On', off: 'Off' },
  intro: 'Once on, signing in again or on a new device asks, after the login password (and the SMS code), for the 6-digit code your authenticator app (Google Authenticator, Microsoft Authenticator, …) shows.',
  start: 'Turn on two-factor authentication',
  scan: 'Step 1: scan the QR code with your authenticator app',
  manual: 'Cannot scan? Type this key into the app instead (time-based, 6 digits, 30 seconds):',
  copyKey: 'Copy key',
  keyCopied: 'Key copied',
  confirm: 'Step 2: type the 6-digit code the app shows',
  code: 'Code',
  confirmButton: 'Verify and turn on',
  cancel: 'Cancel',
  codeFormat: 'Type the 6-digit code.',
  enabled: 'Two-factor authentication is on',
  enabledBody: 'Signing in asks for the code from your authenticator app.',
  recovery: {
    title: 'Save your recovery codes',
    body: 'If you lose your phone or cannot use the authenticator app, sign in with a recovery code instead of a code. Each works once. They are shown only this once: copy them or save them somewhere safe.',
    copy: 'Copy all',
    copied: 'Recovery codes copied',
    save: 'Save to a file',
    saved: 'Saved to {path}',
    downloaded: 'Downloaded {name}',
    fileName: 'icbc-wallet-recovery-codes',
    done: 'I have saved them',
  },
  disable: {
    title: 'Turn off two-factor authentication',
    body: 'Signing in will no longer ask for a code, and unused recovery codes stop working. Type your login password and the current code.',
    password: 'Login password',
    button: 'Turn off',
    done: 'Two-factor authentication is off',
    missing: 'Type your login password and the 6-digit code.',
  },
  signIn: { useRecovery: 'Use a recovery code', useCode: 'Use the authenticator code', recoveryCode: 'Recovery code', recoveryFormat: 'A recovery code looks like XXXXX-XXXXX.' },
}
export default twofa
