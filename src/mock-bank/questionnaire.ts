import type { RiskGrade, RiskLevel } from '../shared/bank-api'
import { fail } from './errors'

/**
 * 风险测评: the bank's risk questionnaire, in the style Chinese banks use for 理财 suitability
 * (个人客户风险承受能力评估). Ten questions; each choice carries a score the customer never sees; the
 * total (0–100) gives the level C1 (保守型) … C5 (激进型). Whoever cannot accept any loss of principal is
 * C1 whatever the rest says. A level allows products up to the same grade: C3 may buy R1–R3.
 */
interface OptionDef {
  optionId: string
  text: string
  score: number
}
interface QuestionDef {
  questionId: string
  text: string
  options: OptionDef[]
}

function q(questionId: string, text: string, options: [string, number][]): QuestionDef {
  return {
    questionId,
    text,
    options: options.map(([t, score], i) => ({ optionId: String.fromCharCode(65 + i), text: t, score })),
  }
}

export const RISK_QUESTIONS: readonly QuestionDef[] = [
  q('Q1', '您的年龄是？', [
    ['18–30 岁', 8],
    ['31–50 岁', 10],
    ['51–60 岁', 6],
    ['61–70 岁', 2],
    ['70 岁以上', 0],
  ]),
  q('Q2', '您的家庭年收入约为？', [
    ['10 万元以下', 2],
    ['10 万–50 万元', 6],
    ['50 万–100 万元', 8],
    ['100 万元以上', 10],
  ]),
  q('Q3', '您计划用于投资的资金占家庭金融资产的比例是？', [
    ['50% 以上', 2],
    ['30%–50%', 4],
    ['10%–30%', 8],
    ['10% 以下', 10],
  ]),
  q('Q4', '您有多少年投资基金、股票、理财产品等的经验？', [
    ['没有经验', 0],
    ['2 年以下', 4],
    ['2–5 年', 8],
    ['5 年以上', 10],
  ]),
  q('Q5', '您投资过的风险最高的产品是？', [
    ['银行存款、国债', 2],
    ['银行理财、债券基金', 5],
    ['股票、混合基金', 8],
    ['期货、期权等衍生品', 10],
  ]),
  q('Q6', '您对金融产品和投资风险的了解程度是？', [
    ['很少了解', 0],
    ['一般了解', 4],
    ['比较了解', 8],
    ['非常了解，从事金融相关工作', 10],
  ]),
  q('Q7', '您投资的主要目的是？', [
    ['保值，确保本金安全', 2],
    ['稳健增长，愿承担小幅波动', 5],
    ['获取较高收益，可承担一定亏损', 8],
    ['追求高收益，可承担较大亏损', 10],
  ]),
  q('Q8', '您计划的投资期限是？', [
    ['1 年以内', 2],
    ['1–3 年', 5],
    ['3–5 年', 8],
    ['5 年以上', 10],
  ]),
  q('Q9', '您能承受的最大投资损失是？', [
    ['不能承受任何本金损失', 0],
    ['10% 以内', 4],
    ['10%–30%', 8],
    ['30% 以上', 10],
  ]),
  q('Q10', '如果您的投资在短期内下跌 20%，您会？', [
    ['全部赎回', 0],
    ['赎回一部分', 4],
    ['继续持有', 7],
    ['追加投资', 10],
  ]),
]

/** The demo customer's answers (seed.ts): 33 points, C2 (稳健型). */
export const DEMO_RISK_ANSWERS: readonly { questionId: string; optionId: string }[] = [
  ['Q1', 'A'],
  ['Q2', 'A'],
  ['Q3', 'A'],
  ['Q4', 'B'],
  ['Q5', 'B'],
  ['Q6', 'B'],
  ['Q7', 'A'],
  ['Q8', 'A'],
  ['Q9', 'B'],
  ['Q10', 'A'],
].map(([questionId, optionId]) => ({ questionId: questionId!, optionId: optionId! }))

/** The choice that caps the level at C1 (Q9 A: 不能承受任何本金损失). */
const NO_LOSS = { questionId: 'Q9', optionId: 'A' }

/** Upper bounds of the score for C1…C4; anything above is C5. */
const LEVEL_BOUNDS: readonly [number, RiskLevel][] = [
  [20, 'C1'],
  [40, 'C2'],
  [60, 'C3'],
  [80, 'C4'],
]

/** The questions as the customer sees them: no scores. */
export function questionsForCustomer() {
  return RISK_QUESTIONS.map((x) => ({
    questionId: x.questionId,
    text: x.text,
    options: x.options.map((o) => ({ optionId: o.optionId, text: o.text })),
  }))
}

/** Scores a full set of answers; anything missing, repeated or unknown is INVALID_INPUT naming the question. */
export function scoreAnswers(answers: readonly { questionId: string; optionId: string }[]): { score: number; level: RiskLevel } {
  const chosen = new Map<string, string>()
  for (const a of answers) {
    if (chosen.has(a.questionId))
      fail('INVALID_INPUT', `${a.questionId} answered twice`, { field: 'answers', reason: 'DUPLICATE', questionId: a.questionId })
    chosen.set(a.questionId, a.optionId)
  }
  let score = 0
  for (const question of RISK_QUESTIONS) {
    const optionId = chosen.get(question.questionId)
    const option = question.options.find((o) => o.optionId === optionId)
    if (!option)
      fail('INVALID_INPUT', `${question.questionId} is not answered`, {
        field: 'answers',
        reason: optionId === undefined ? 'MISSING' : 'UNKNOWN_OPTION',
        questionId: question.questionId,
      })
    score += option.score
    chosen.delete(question.questionId)
  }
  const stray = [...chosen.keys()][0]
  if (stray !== undefined)
    fail('INVALID_INPUT', `no question ${stray}`, { field: 'answers', reason: 'UNKNOWN_QUESTION', questionId: stray })
  const byScore = LEVEL_BOUNDS.find(([bound]) => score <= bound)?.[1] ?? 'C5'
  const noLoss = answers.some((a) => a.questionId === NO_LOSS.questionId && a.optionId === NO_LOSS.optionId)
  return { score, level: noLoss ? 'C1' : byScore }
}

/** Whether a customer at `level` may buy a product of `grade`: C<n> buys up to R<n>. */
export function suits(level: RiskLevel, grade: RiskGrade): boolean {
  return Number(grade.slice(1)) <= Number(level.slice(1))
}
