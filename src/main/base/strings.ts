import type { Language } from '../../shared/contract'

/**
 * Every word main itself shows, per language (设置 → 语言): the application menu, the tray, the OS
 * notifications, the save dialogs, the external-link warning, the window title, the refusal to start
 * with debugging switches, and the names of the files main suggests. Errors the renderer translates are
 * codes, not words, and are not here. In base so that every layer may use it: the core names the files
 * it offers (src/main/core/backup.ts, two-factor.ts), the shell the rest (src/main/shell/**).
 * tests/unit/shell/strings.test.ts holds both tables to the same keys and the English one to no CJK.
 */

/** A transaction kind as a notification names it (the bank's titles are Chinese). */
export type NotifiedKind =
  | 'topup'
  | 'withdraw'
  | 'transfer_in'
  | 'transfer_out'
  | 'card_transfer'
  | 'payment'
  | 'bill'
  | 'wealth_buy'
  | 'wealth_redeem'
  | 'other'

export interface MainStrings {
  appName: string
  /** The window's title bar and the tray's tooltip. */
  windowTitle: string
  menu: {
    about(app: string): string
    hide(app: string): string
    hideOthers: string
    unhide: string
    quitApp(app: string): string
    edit: string
    undo: string
    redo: string
    cut: string
    copy: string
    paste: string
    selectAll: string
    view: string
    resetZoom: string
    zoomIn: string
    zoomOut: string
    fullscreen: string
    reload: string
    forceReload: string
    devTools: string
    window: string
    minimize: string
    zoom: string
    front: string
    close: string
    quit: string
  }
  tray: {
    open: string
    payCode: string
    lockNow: string
    quit: string
  }
  dialogs: {
    saveBackup: string
    backupFilter: string
    saveRecoveryCodes: string
    textFilter: string
    exportPdf: string
    pdfFilter: string
  }
  externalLink: {
    title: string
    message(url: string): string
    open: string
    cancel: string
  }
  notify: {
    kinds: Record<NotifiedKind, string>
    completedTitle: string
    completed(kind: string, amount: string): string
    failedTitle: string
    failed(kind: string, amount: string): string
    confirmTitle: string
    confirm(merchant: string, amount: string): string
    receivedTitle: string
    received(amount: string, from: string): string
    receivedMany(count: number, amount: string): string
    smsTitle: string
    sms(code: string): string
    /** Whatever happened while the wallet is locked: nothing that says what. */
    lockedTitle: string
    locked: string
  }
  files: {
    backup(stamp: string): string
    recoveryCodes: string
    /** The first two lines of the recovery-code file (src/main/core/two-factor.ts). */
    recoveryCodesHeading: string
    recoveryCodesNote: string
  }
  /** Why a packaged app refuses to start (src/main/shell/debug-switches.ts); `named` lists the switches. */
  debugRefusal(named: string[]): string
}

const zhCN: MainStrings = {
  appName: '工行数字钱包',
  windowTitle: '工行数字钱包',
  menu: {
    about: (app) => `关于${app}`,
    hide: (app) => `隐藏${app}`,
    hideOthers: '隐藏其他',
    unhide: '全部显示',
    quitApp: (app) => `退出${app}`,
    edit: '编辑',
    undo: '撤销',
    redo: '重做',
    cut: '剪切',
    copy: '复制',
    paste: '粘贴',
    selectAll: '全选',
    view: '视图',
    resetZoom: '实际大小',
    zoomIn: '放大',
    zoomOut: '缩小',
    fullscreen: '全屏',
    reload: '重新加载',
    forceReload: '强制重新加载',
    devTools: '开发者工具',
    window: '窗口',
    minimize: '最小化',
    zoom: '缩放',
    front: '前置全部窗口',
    close: '关闭',
    quit: '退出',
  },
  tray: {
    open: '打开钱包',
    payCode: '付款码',
    lockNow: '立即锁定',
    quit: '退出',
  },
  dialogs: {
    saveBackup: '保存备份文件',
    backupFilter: '工行数字钱包备份',
    saveRecoveryCodes: '保存恢复码',
    textFilter: '文本文件',
    exportPdf: '导出 PDF',
    pdfFilter: 'PDF',
  },
  externalLink: {
    title: '打开外部链接',
    message: (url) => `即将离开工行数字钱包，打开外部链接：${url}，请确认链接可信。`,
    open: '打开',
    cancel: '取消',
  },
  notify: {
    kinds: {
      topup: '充值',
      withdraw: '提现',
      transfer_in: '转入',
      transfer_out: '转账',
      card_transfer: '转账到银行卡',
      payment: '付款',
      bill: '生活缴费',
      wealth_buy: '理财买入',
      wealth_redeem: '理财赎回',
      other: '交易',
    },
    completedTitle: '交易成功',
    completed: (kind, amount) => `${kind} ${amount} 已完成`,
    failedTitle: '交易未完成',
    failed: (kind, amount) => `待发送的${kind} ${amount} 未能完成，请打开钱包查看原因`,
    confirmTitle: '付款待确认',
    confirm: (merchant, amount) => `${merchant} 请求付款 ${amount}，请在钱包中确认`,
    receivedTitle: '收到转账',
    received: (amount, from) => `${from} 向您转入 ${amount}`,
    receivedMany: (count, amount) => `收到 ${count} 笔转账，共 ${amount}`,
    smsTitle: '模拟短信',
    sms: (code) => `验证码 ${code}，请勿告诉他人`,
    lockedTitle: '工行数字钱包',
    locked: '钱包有新动态，解锁后查看',
  },
  files: {
    backup: (stamp) => `工行数字钱包备份-${stamp}.iwbk`,
    recoveryCodes: '工行数字钱包-恢复码.txt',
    recoveryCodesHeading: '工行数字钱包 · 双因素认证恢复码',
    recoveryCodesNote: '每个恢复码只能使用一次，可在无法使用身份验证器时代替动态口令登录。请妥善保管。',
  },
  debugRefusal: (named) =>
    `工行数字钱包不能以调试方式启动，已拒绝启动参数：${named.join('、')}。` +
    '调试开关会让其他程序读取并操纵钱包（包括密码和付款）。请去掉这些参数后重新打开钱包。',
}

const enUS: MainStrings = {
  appName: 'ICBC Digital Wallet',
  windowTitle: 'ICBC Digital Wallet',
  menu: {
    about: (app) => `About ${app}`,
    hide: (app) => `Hide ${app}`,
    hideOthers: 'Hide Others',
    unhide: 'Show All',
    quitApp: (app) => `Quit ${app}`,
    edit: 'Edit',
    undo: 'Undo',
    redo: 'Redo',
    cut: 'Cut',
    copy: 'Copy',
    paste: 'Paste',
    selectAll: 'Select All',
    view: 'View',
    resetZoom: 'Actual Size',
    zoomIn: 'Zoom In',
    zoomOut: 'Zoom Out',
    fullscreen: 'Toggle Full Screen',
    reload: 'Reload',
    forceReload: 'Force Reload',
    devTools: 'Developer Tools',
    window: 'Window',
    minimize: 'Minimize',
    zoom: 'Zoom',
    front: 'Bring All to Front',
    close: 'Close',
    quit: 'Quit',
  },
  tray: {
    open: 'Open wallet',
    payCode: 'Pay code',
    lockNow: 'Lock now',
    quit: 'Quit',
  },
  dialogs: {
    saveBackup: 'Save backup file',
    backupFilter: 'ICBC Digital Wallet backup',
    saveRecoveryCodes: 'Save recovery codes',
    textFilter: 'Text file',
    exportPdf: 'Export PDF',
    pdfFilter: 'PDF',
  },
  externalLink: {
    title: 'Open external link',
    message: (url) => `You are leaving ICBC Digital Wallet to open an external link: ${url}. Make sure you trust it.`,
    open: 'Open',
    cancel: 'Cancel',
  },
  notify: {
    kinds: {
      topup: 'Top-up',
      withdraw: 'Withdrawal',
      transfer_in: 'Incoming transfer',
      transfer_out: 'Transfer',
      card_transfer: 'Transfer to card',
      payment: 'Payment',
      bill: 'Bill payment',
      wealth_buy: 'Wealth purchase',
      wealth_redeem: 'Wealth redemption',
      other: 'Transaction',
    },
    completedTitle: 'Transaction completed',
    completed: (kind, amount) => `${kind} of ${amount} completed`,
    failedTitle: 'Transaction not completed',
    failed: (kind, amount) => `A queued ${kind.toLowerCase()} of ${amount} did not go through. Open the wallet to see why.`,
    confirmTitle: 'Payment to confirm',
    confirm: (merchant, amount) => `${merchant} asks for ${amount}: confirm it in the wallet`,
    receivedTitle: 'Money received',
    received: (amount, from) => `${from} sent you ${amount}`,
    receivedMany: (count, amount) => `${count} transfers received, ${amount} in all`,
    smsTitle: 'Simulated SMS',
    sms: (code) => `Verification code ${code}. Do not share it.`,
    lockedTitle: 'ICBC Digital Wallet',
    locked: 'Something new in your wallet: unlock it to see',
  },
  files: {
    backup: (stamp) => `icbc-wallet-backup-${stamp}.iwbk`,
    recoveryCodes: 'icbc-wallet-recovery-codes.txt',
    recoveryCodesHeading: 'ICBC Digital Wallet · two-factor recovery codes',
    recoveryCodesNote:
      'Each code works once, in place of the authenticator code when you cannot use your authenticator. Keep them safe.',
  },
  debugRefusal: (named) =>
    `ICBC Digital Wallet will not start with debugging switches; refused: ${named.join(', ')}. ` +
    'They would let another program read and control the wallet, passwords and payments included. ' +
    'Open the wallet again without them.',
}

export const MAIN_STRINGS: Record<Language, MainStrings> = { 'zh-CN': zhCN, 'en-US': enUS }

/** The words for a language; anything unknown reads as Chinese, the app's first language. */
export function mainStrings(language: string | undefined): MainStrings {
  return language === 'en-US' ? enUS : zhCN
}

/** Amounts in notifications: ¥1,234.56 in Chinese, CN¥1,234.56 in English (Intl's own forms). */
export function localeOf(language: string | undefined): string {
  return language === 'en-US' ? 'en-US' : 'zh-CN'
}
