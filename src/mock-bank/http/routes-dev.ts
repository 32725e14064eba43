import type { FastifyInstance, FastifyReply } from 'fastify'
import { z } from 'zod'
import * as api from '../../shared/bank-api'
import type { Engine } from '../engine'
import type { Faults } from '../faults'
import { profileOf } from '../ops/profile'
import { toSmsMessage } from '../ops/sms'

/**
 * Development endpoints, mock only: the SMS inbox, fault injection, the clock, a look at the ledger
 * and at a customer (src/shared/bank-api/dev.ts DEV_API). They bypass faults and idempotency, and the
 * bank registers them only when started with `devRoutes` (src/mock-bank/index.ts): the app's embedded
 * bank has none, because whoever can reach them can read SMS codes and move the bank's clock (which
 * would end a 24 h payment-password lock early).
 */
export interface DevEnv {
  engine: Engine
  faults: Faults
}

export async function moveClock(
  engine: Engine,
  change: { advanceMs?: number | undefined; setMs?: number | undefined },
): Promise<{ now: number; offsetMs: number }> {
  return engine.transact((unit) => {
    let offsetMs = engine.state.clockOffsetMs
    if (change.setMs !== undefined) offsetMs = change.setMs - (unit.now - offsetMs)
    if (change.advanceMs !== undefined) offsetMs += change.advanceMs
    if (offsetMs !== engine.state.clockOffsetMs) unit.emit({ t: 'clock', offsetMs })
    return { now: engine.now(), offsetMs }
  })
}

function bad(reply: FastifyReply, error: z.ZodError): FastifyReply {
  return reply.code(400).send({ error: { code: 'INVALID_INPUT', message: error.issues[0]?.message ?? 'invalid input' } })
}

export function devRoutes(app: FastifyInstance, env: DevEnv): void {
  const { engine, faults } = env
  const { sms, faults: getFaults, setFaults, clearFaults, clock, moveClock: postClock, ledger, customer, counter, totpSecret } = api.DEV_API

  app.route({
    method: sms.method,
    url: sms.path,
    handler: async (request) => {
      const { phone } = request.params as { phone: string }
      return engine.exclusive(() => ({ messages: [...(engine.state.smsLog.get(phone) ?? [])].reverse().map(toSmsMessage) }))
    },
  })

  app.route({ method: getFaults.method, url: getFaults.path, handler: async () => ({ faults: faults.current }) })
  app.route({
    method: setFaults.method,
    url: setFaults.path,
    handler: async (request, reply) => {
      const parsed = api.FaultConfig.safeParse(request.body ?? {})
      if (!parsed.success) return bad(reply, parsed.error)
      faults.set(parsed.data)
      return { faults: faults.current }
    },
  })
  app.route({
    method: clearFaults.method,
    url: clearFaults.path,
    handler: async () => {
      faults.clear()
      return { faults: faults.current }
    },
  })

  app.route({
    method: clock.method,
    url: clock.path,
    handler: async () => ({ now: engine.now(), offsetMs: engine.state.clockOffsetMs }),
  })
  app.route({
    method: postClock.method,
    url: postClock.path,
    handler: async (request, reply) => {
      const parsed = api.ClockRequest.safeParse(request.body ?? {})
      if (!parsed.success) return bad(reply, parsed.error)
      return moveClock(engine, parsed.data)
    },
  })

  app.route({
    method: ledger.method,
    url: ledger.path,
    handler: async () => engine.exclusive(() => engine.state.ledger.report()),
  })

  const PhoneParam = z.object({ phone: api.Phone })
  app.route({
    method: customer.method,
    url: customer.path,
    handler: async (request, reply) => {
      const parsed = PhoneParam.safeParse(request.params)
      if (!parsed.success) return bad(reply, parsed.error)
      return engine.exclusive(() => {
        const c = engine.state.byPhone.get(parsed.data.phone)
        if (!c) return reply.code(404).send({ error: { code: 'NOT_FOUND', message: 'no wallet with this phone number' } })
        const rec = engine.state.customer(c)
        return {
          customer: profileOf({ state: engine.state, config: engine.config, now: engine.now() }, rec),
          transactions: rec.txs.size,
          feedItems: rec.feed.length,
        }
      })
    },
  })

  // Stands in for the counter visit that opens a 一类 wallet.
  app.route({
    method: counter.method,
    url: counter.path,
    handler: async (request, reply) => {
      const parsed = PhoneParam.safeParse(request.params)
      if (!parsed.success) return bad(reply, parsed.error)
      const c = engine.state.byPhone.get(parsed.data.phone)
      if (!c) return reply.code(404).send({ error: { code: 'NOT_FOUND', message: 'no wallet with this phone number' } })
      await engine.transact((unit) => unit.emit({ t: 'counter', c }))
      return { ok: true }
    },
  })

  // Replaces the key of an enrolment not yet confirmed, so that a test's authenticator knows it.
  app.route({
    method: totpSecret.method,
    url: totpSecret.path,
    handler: async (request, reply) => {
      const params = PhoneParam.safeParse(request.params)
      if (!params.success) return bad(reply, params.error)
      const body = api.TotpSecretRequest.safeParse(request.body ?? {})
      if (!body.success) return bad(reply, body.error)
      const c = engine.state.byPhone.get(params.data.phone)
      if (!c) return reply.code(404).send({ error: { code: 'NOT_FOUND', message: 'no wallet with this phone number' } })
      if (engine.state.customer(c).totpEnabled)
        return reply.code(409).send({ error: { code: 'TOTP_ALREADY_ENABLED', message: 'two-factor authentication is already on' } })
      await engine.transact((unit) => unit.emit({ t: 'totp.pending', c, secret: body.data.secret }))
      return { ok: true }
    },
  })
}
