import type wealthZh from './wealth.zh-CN'
import type { wealthErrors as wealthErrorsZh } from './wealth.zh-CN'

/** Wealth (src/renderer/src/views/wealth): products, the risk questionnaire, buying and redeeming, holdings and yield. */
const wealth: typeof wealthZh = {
  title: 'Wealth',
  subtitle: 'Risk questionnaire, products, holdings and yield',
  refresh: 'Refresh',
  loadFailed: 'Could not load wealth information',
  risk: {
    title: 'Risk questionnaire',
    none: 'You have not taken the risk questionnaire yet. Take it before buying a wealth product.',
    current: 'Your risk tolerance: {level}',
    validUntil: 'Valid until {date}',
    expired: 'Your risk questionnaire expired on {date}. Take it again before buying.',
    take: 'Take the questionnaire',
    retake: 'Take it again',
    levels: { C1: 'C1 Conservative', C2: 'C2 Cautious', C3: 'C3 Balanced', C4: 'C4 Growth', C5: 'C5 Aggressive' },
    dialogTitle: 'Risk tolerance questionnaire',
    intro:
      'Answer the {n} questions as things really are. The bank rates the result; it is valid for a year and you can take it again at any time.',
    progress: '{done} of {total} answered',
    unanswered: '{n} questions still to answer',
    submit: 'Submit',
    resultTitle: 'Result',
    result: 'Your risk tolerance is {level} ({score} points): you may buy products rated {max} or lower.',
    done: 'Done',
  },
  grades: { R1: 'R1 Low', R2: 'R2 Medium-low', R3: 'R3 Medium', R4: 'R4 Medium-high', R5: 'R5 High' },
  products: {
    title: 'Products',
    sevenDay: '7-day annualised',
    minimum: 'Minimum',
    redemption: 'Redemption',
    t0: 'T+0, at once',
    t1: 'T+{n} business day',
    riskNotice: 'Risk notice',
    riskNoticeLabel: 'Risk notice: ',
    terms: 'Terms',
    buy: 'Buy',
    notSuitable: 'Above your risk tolerance',
    empty: 'No products to buy',
  },
  buy: {
    title: 'Buy {name}',
    amount: 'Amount (CNY)',
    amountPlaceholder: 'At least {min}',
    belowMinimum: 'The amount must be at least the minimum of {min}',
    balance: 'Wallet balance {amount}',
    confirmRisk: 'I have read and understood the risk notice and the terms, and buy of my own choice',
    mustConfirm: 'Read and confirm the risk notice and the terms first',
    next: 'Next',
    what: 'Buy {name}',
    done: 'Bought: {name} {amount}',
  },
  refusal: {
    RISK_ASSESSMENT_REQUIRED: 'Take the risk questionnaire before buying a wealth product.',
    RISK_ASSESSMENT_EXPIRED: 'Your risk questionnaire expired on {date}. Take it again before buying.',
    RISK_ASSESSMENT_EXPIRED_PLAIN: 'Your risk questionnaire has expired. Take it again before buying.',
    RISK_LEVEL_TOO_LOW:
      'This product is rated {product}, above your risk tolerance {level}: it cannot be bought. If your situation has changed, take the questionnaire again.',
    RISK_LEVEL_TOO_LOW_PLAIN: 'This product is rated above your risk tolerance: it cannot be bought.',
  },
  holdings: {
    title: 'My holdings',
    empty: 'No holdings',
    total: 'Total in wealth',
    value: 'Value',
    yesterday: "Yesterday's yield",
    accumulated: 'Total yield',
    chart: 'Daily yield, last {n} days',
    noHistory: 'Yield starts the day after purchase',
    redeem: 'Redeem',
  },
  redeem: {
    title: 'Redeem {name}',
    amount: 'Amount (CNY)',
    all: 'All',
    available: '{amount} available',
    tooMuch: 'The amount cannot exceed the value held, {amount}',
    arrivesNow: 'Arrives in the wallet at once (T+0).',
    arrivesLater: 'Arrives on the next business day (T+{n}; weekends are skipped); the bank sets the date when it accepts.',
    next: 'Next',
    what: 'Redeem {name}',
    doneNow: 'Redeemed: {amount} is in your wallet',
    donePending: 'Redemption accepted: {amount} expected on {date}',
  },
  home: { totalAssets: 'Total assets', breakdown: 'Wallet {balance} + wealth {wealth}', open: 'Wealth' },
  pending: {
    title: 'Redemptions on their way',
    arrives: 'Expected on {date}',
    status: 'Processing',
  },
}

export const wealthErrors: typeof wealthErrorsZh = {
  RISK_ASSESSMENT_REQUIRED: 'Take the risk questionnaire before buying a wealth product.',
  RISK_ASSESSMENT_EXPIRED: 'Your risk questionnaire has expired (it is valid for a year). Take it again before buying.',
  RISK_ASSESSMENT_LIMIT:
    'You have taken the risk questionnaire as often as a day allows. Try again tomorrow; answer it as things really are.',
  RISK_LEVEL_TOO_LOW: 'This product is rated above your risk tolerance: it cannot be bought.',
}

export default wealth
