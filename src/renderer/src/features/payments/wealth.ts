import type {
  PaymentDone,
  RiskAssessment,
  RiskQuestionnaire,
  WealthHoldings,
  WealthProduct,
  WealthProducts,
} from '@shared/contract'
import { ApiError, call } from '@renderer/api/client'
import { i18n } from '@renderer/i18n'

/** 理财 products, as the bank offers them (grade, 七日年化, minimum, T+0/T+1, 风险提示, terms). */
export function loadProducts(): Promise<WealthProducts> {
  return call('wealth.products')
}

/** 理财 holdings with their yield, and the redemptions on their way back (注销 needs both empty). */
export function loadHoldings(): Promise<WealthHoldings> {
  return call('wealth.holdings')
}

/** 风险测评: the questions and the current result. */
export function loadQuestionnaire(): Promise<RiskQuestionnaire> {
  return call('wealth.questionnaire')
}

/** Sends the answers; the bank scores them into C1–C5. */
export async function submitAnswers(answers: { questionId: string; optionId: string }[]): Promise<RiskAssessment> {
  return (await call('wealth.assess', { answers })).assessment
}

/** 买入: at the bank now, under a key main keeps until the outcome is known (重试 joins it). */
export function buyProduct(productId: string, amountFen: number, payPassword: string): Promise<PaymentDone> {
  return call('wealth.buy', { productId, amountFen, payPassword })
}

/** 赎回 a holding: at the bank now, under a key main keeps until the outcome is known. */
export function redeemHolding(productId: string, amountFen: number, payPassword: string): Promise<PaymentDone> {
  return call('wealth.redeem', { productId, amountFen, payPassword })
}

const t = (key: string, params: Record<string, unknown> = {}) => i18n.global.t(key, params)

const levelNumber = (s: string) => Number(s.slice(1))

/** Whether a customer at `level` may buy `product` (the bank's rule: C<n> buys up to R<n>). */
export function suits(level: RiskAssessment['level'], product: Pick<WealthProduct, 'risk'>): boolean {
  return levelNumber(product.risk) <= levelNumber(level)
}

/** 'YYYY-MM-DD' in UTC+8, the bank's calendar, for an instant. */
export function bankDay(ms: number): string {
  return new Date(ms + 8 * 3600_000).toISOString().slice(0, 10)
}

/**
 * Why a purchase is not allowed, said with its reason, from the questionnaire as the screen knows it
 * (undefined: allowed). The bank decides again at the purchase; its refusal reads the same (refusalMessage).
 */
export function suitabilityProblem(assessment: RiskAssessment | null, product: WealthProduct): string | undefined {
  if (!assessment) return t('wealth.refusal.RISK_ASSESSMENT_REQUIRED')
  if (assessment.expired) return t('wealth.refusal.RISK_ASSESSMENT_EXPIRED', { date: bankDay(assessment.expiresAt) })
  if (!suits(assessment.level, product))
    return t('wealth.refusal.RISK_LEVEL_TOO_LOW', {
      product: t(`wealth.grades.${product.risk}`),
      level: t(`wealth.risk.levels.${assessment.level}`),
    })
  return undefined
}

/** The bank's suitability refusal with its details (both levels, the expiry), or undefined for any other error. */
export function refusalMessage(error: unknown): string | undefined {
  if (!(error instanceof ApiError)) return undefined
  const d = error.details ?? {}
  switch (error.code) {
    case 'RISK_ASSESSMENT_REQUIRED':
      return t('wealth.refusal.RISK_ASSESSMENT_REQUIRED')
    case 'RISK_ASSESSMENT_EXPIRED':
      return typeof d.expiredAt === 'number'
        ? t('wealth.refusal.RISK_ASSESSMENT_EXPIRED', { date: bankDay(d.expiredAt) })
        : t('wealth.refusal.RISK_ASSESSMENT_EXPIRED_PLAIN')
    case 'RISK_LEVEL_TOO_LOW': {
      const product = typeof d.productRisk === 'string' ? d.productRisk : undefined
      const level = typeof d.customerLevel === 'string' ? d.customerLevel : undefined
      return product && level
        ? t('wealth.refusal.RISK_LEVEL_TOO_LOW', {
            product: t(`wealth.grades.${product}`),
            level: t(`wealth.risk.levels.${level}`),
          })
        : t('wealth.refusal.RISK_LEVEL_TOO_LOW_PLAIN')
    }
    default:
      return undefined
  }
}
