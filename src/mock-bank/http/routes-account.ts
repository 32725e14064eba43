import type { FastifyInstance } from 'fastify'
import { TIER_NAMES, WALLET_TIERS } from '../../shared/bank-api'
import * as api from '../../shared/bank-api'
import { fail } from '../errors'
import { hashSecret } from '../hashing'
import {
  enrollTotp,
  confirmTotp,
  deleteMessage,
  devices,
  disableTotp,
  deregister,
  deregisterCheck,
  messages,
  readMessage,
  removeDevice,
} from '../ops/account'
import { answerChallenge, changePassword, login, refresh, register, resetLoginPassword, validateRegistration } from '../ops/auth'
import { bindCard, cardView, unbindCard } from '../ops/cards'
import { changePayPassword, requirePayPassword, resetPayPassword, setPayPassword, updateSmallAmount } from '../ops/paypw'
import { profileOf } from '../ops/profile'
import { sendSms } from '../ops/sms'
import { verdictFor } from './prep'
import { addRoute, type RouteEnv } from './route'


export function accountRoutes(app: FastifyInstance, env: RouteEnv): void {
  addRoute(app, env, api.BANK_API.health, {
    handle: (ctx) => ({ ok: true as const, bankId: ctx.state.bankId, now: ctx.now, name: '工行数字钱包 · 模拟银行' }),
  })

  addRoute(app, env, api.BANK_API.tiers, {
    handle: (ctx) => ({
      tiers: WALLET_TIERS.map((tier) => ({
        tier,
        name: TIER_NAMES[tier].zh,
        nameEn: TIER_NAMES[tier].en,
        caps: ctx.config.tiers[tier],
      })),
    }),
  })

  // --- SMS, registration, sign-in -------------------------------------------------------------

  addRoute(app, env, api.BANK_API.sendSms, {
    handle: (ctx, { body }) => {
      const registered = ctx.state.byPhone.has(body.phone)
      if (body.purpose === 'register' && registered) fail('PHONE_TAKEN', 'this phone number already has a wallet')
      if (body.purpose !== 'register' && !registered) fail('NOT_FOUND', 'no wallet with this phone number')
      return sendSms(ctx, body.phone, body.purpose)
    },
  })

  addRoute(app, env, api.BANK_API.validateRegistration, {
    handle: (ctx, { body }) => {
      validateRegistration(ctx, body)
      return { ok: true as const }
    },
  })

  addRoute(app, env, api.BANK_API.register, {
    prepare: (input, _who, ctx) => hashSecret(input.body.password, ctx.config.login.scryptCost),
    handle: (ctx, { body, prep }) => register(ctx, body, prep),
  })

  addRoute(app, env, api.BANK_API.login, {
    prepare: async (input, _who, ctx) => {
      const c = ctx.state.byPhone.get(input.body.phone)
      return verdictFor(input.body.password, c ? ctx.state.customer(c).passwordHash : null)
    },
    handle: (ctx, { body, prep }) => login(ctx, body, prep),
  })

  addRoute(app, env, api.BANK_API.resetLoginPassword, {
    prepare: (input, _who, ctx) => hashSecret(input.body.newPassword, ctx.config.login.scryptCost),
    handle: (ctx, { body, prep }) => resetLoginPassword(ctx, body, prep),
  })

  addRoute(app, env, api.BANK_API.challenge, {
    handle: (ctx, { body }) => answerChallenge(ctx, body),
  })

  addRoute(app, env, api.BANK_API.refreshSession, { handle: (ctx, _input, who) => refresh(ctx, who) })

  addRoute(app, env, api.BANK_API.logout, {
    handle: (ctx, _input, who) => {
      ctx.emit({ t: 'session.end', hash: who.sessionHash })
      return { ok: true as const }
    },
  })

  // --- Profile, settings ----------------------------------------------------------------------

  addRoute(app, env, api.BANK_API.me, { handle: (ctx, _input, who) => profileOf(ctx, who.rec) })

  addRoute(app, env, api.BANK_API.updateSettings, {
    prepare: async (input, who) =>
      input.body.payPassword === undefined ? null : verdictFor(input.body.payPassword, who.rec.payHash),
    handle: (ctx, { body, prep }, who) => updateSmallAmount(ctx, who.rec, body, prep),
  })

  addRoute(app, env, api.BANK_API.changePassword, {
    prepare: async (input, who, ctx) => ({
      verdict: await verdictFor(input.body.oldPassword, who.rec.passwordHash),
      newHash: await hashSecret(input.body.newPassword, ctx.config.login.scryptCost),
    }),
    handle: (ctx, { body, prep }, who) => changePassword(ctx, who, prep.verdict, body.newPassword, prep.newHash),
  })

  // --- Cards ------------------------------------------------------------------------------------

  addRoute(app, env, api.BANK_API.cards, {
    handle: (_ctx, _input, who) => ({ cards: [...who.rec.cards.values()].map(cardView) }),
  })

  addRoute(app, env, api.BANK_API.bindCard, {
    handle: (ctx, { body }, who) => bindCard(ctx, who.rec, body),
  })

  addRoute(app, env, api.BANK_API.unbindCard, {
    handle: (ctx, { params }, who) => unbindCard(ctx, who.rec, params.id),
  })

  // --- Payment password ---------------------------------------------------------------------------

  addRoute(app, env, api.BANK_API.setPayPassword, {
    prepare: (input, _who, ctx) => hashSecret(input.body.payPassword, ctx.config.payPassword.scryptCost),
    handle: (ctx, { body, prep }, who) => setPayPassword(ctx, who.rec, body.payPassword, prep),
  })

  addRoute(app, env, api.BANK_API.changePayPassword, {
    prepare: async (input, who, ctx) => ({
      verdict: await verdictFor(input.body.oldPayPassword, who.rec.payHash),
      newHash: await hashSecret(input.body.newPayPassword, ctx.config.payPassword.scryptCost),
    }),
    handle: (ctx, { body, prep }, who) => changePayPassword(ctx, who.rec, prep.verdict, body.newPayPassword, prep.newHash),
  })

  addRoute(app, env, api.BANK_API.resetPayPassword, {
    prepare: (input, _who, ctx) => hashSecret(input.body.newPayPassword, ctx.config.payPassword.scryptCost),
    handle: (ctx, { body, prep }, who) => resetPayPassword(ctx, who.rec, body, prep),
  })

  addRoute(app, env, api.BANK_API.verifyPayPassword, {
    prepare: (input, who) => verdictFor(input.body.payPassword, who.rec.payHash),
    handle: (ctx, { prep }, who) => {
      requirePayPassword(ctx, who.rec, prep)
      return { ok: true as const }
    },
  })

  // --- Two-factor, messages, deregistration ---------------------------------------------------------

  addRoute(app, env, api.BANK_API.enrollTotp, {
    handle: (ctx, _input, who) => enrollTotp(ctx, who.rec),
  })
  addRoute(app, env, api.BANK_API.confirmTotp, {
    handle: (ctx, { body }, who) => confirmTotp(ctx, who.rec, body.code),
  })
  addRoute(app, env, api.BANK_API.disableTotp, {
    prepare: (input, who) => verdictFor(input.body.password, who.rec.passwordHash),
    handle: (ctx, { body, prep }, who) => disableTotp(ctx, who.rec, prep, body.code),
  })

  addRoute(app, env, api.BANK_API.messages, { handle: (_ctx, _input, who) => messages(who.rec) })
  addRoute(app, env, api.BANK_API.readMessage, {
    handle: (ctx, { params }, who) => readMessage(ctx, who.rec, params.id),
  })
  addRoute(app, env, api.BANK_API.deleteMessage, {
    handle: (ctx, { params }, who) => deleteMessage(ctx, who.rec, params.id),
  })

  addRoute(app, env, api.BANK_API.devices, { handle: (_ctx, _input, who) => devices(who.rec, who.deviceId) })
  addRoute(app, env, api.BANK_API.removeDevice, {
    handle: (ctx, { params }, who) => removeDevice(ctx, who.rec, who.deviceId, params.id),
  })

  addRoute(app, env, api.BANK_API.deregisterCheck, { handle: (ctx, _input, who) => deregisterCheck(ctx, who.rec) })
  addRoute(app, env, api.BANK_API.deregister, {
    prepare: (input, who) => verdictFor(input.body.password, who.rec.passwordHash),
    handle: (ctx, { body, prep }, who) => deregister(ctx, who.rec, prep, body),
  })
}
