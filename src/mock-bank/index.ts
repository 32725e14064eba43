import Fastify, { type FastifyError } from 'fastify'
import { systemClock, type Clock } from '../shared/clock'
import { BANK_TIME_HEADER, type SmsMessage } from '../shared/bank-api'
import { resolveConfig, type BankConfig, type BankConfigOverrides } from './config'
import { Engine } from './engine'
import { BankError } from './errors'
import { Faults } from './faults'
import { clientGuard } from './http/client-guard'
import { accountRoutes } from './http/routes-account'
import { devRoutes, moveClock } from './http/routes-dev'
import { merchantRoutes } from './http/routes-merchant'
import { moneyRoutes } from './http/routes-money'
import { toSmsMessage } from './ops/sms'
import { seedBank, type SeedSpec, type SeedReport } from './seed'

/**
 * The mock bank: an HTTP JSON API on loopback that behaves like a bank (rules, limits, failures),
 * backed by a crash-safe journal under `dataDir`. The wallet reaches it only through its URL.
 */
export interface BankServerOptions {
  dataDir: string
  clock?: Clock
  /** 0 (default) picks a free port. */
  port?: number
  /** Loopback only. */
  host?: string
  seed?: SeedSpec
  config?: BankConfigOverrides
  /** Receives one line per request (method, path, status, ms) when set. */
  log?: (line: string) => void
  /**
   * The per-launch secret its one client sends in `x-bank-client` (src/shared/bank-api/http.ts
   * BANK_CLIENT_HEADER), at least 16 characters; every request without it is refused with 403
   * CLIENT_NOT_TRUSTED. `null` turns the check off, for `npm run bank -- --no-client-secret` only. The
   * Host check (127.0.0.1:<port> or localhost:<port>) holds either way.
   */
  clientSecret: string | null
  /**
   * Serve the development routes (`/_dev/*`, src/shared/bank-api/dev.ts DEV_API): the SMS inbox, faults,
   * the clock, the ledger, customers. For the harness, the tests and `npm run bank -- --dev-routes`;
   * never for the app's embedded bank. Default false.
   */
  devRoutes?: boolean
  /**
   * The key (32 bytes or more) under which the bank seals the secrets in its journal and keys its
   * request fingerprints (src/mock-bank/keys.ts), for a host that keeps keys in a keystore. Without it
   * the bank makes one at its first start and keeps it in `<dataDir>/bank.key`.
   */
  storageKey?: Uint8Array
}

export interface BankServer {
  url: string
  port: number
  config: BankConfig
  /** What seeding created, when `seed` was given. */
  seeded: SeedReport | undefined
  /** The bank's time (the injected clock plus the development offset), and ways to move it. */
  clock: {
    now(): number
    advance(ms: number): Promise<number>
    set(ms: number): Promise<number>
  }
  /** Bytes cut off an interrupted last journal write when the bank opened (0 after a clean stop). */
  recoveredTornBytes: number
  /** Every route it serves (HEAD aside): the table's endpoints and, with `devRoutes`, the development routes. */
  routes: readonly { method: string; url: string }[]
  /** The secret its client must send (null when started without one). */
  clientSecret: string | null
  devRoutes: boolean
  /**
   * The SMS outlet: every message the bank sends, handed over in-process as a phone would receive it
   * (no real SMS exists; src/main/platform/bank/embedded.ts wires this to the app's 模拟短信
   * notification). Answers the function that stops the delivery.
   */
  onSms(listener: (sms: SmsMessage) => void): () => void
  close(): Promise<void>
}

const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost'])

export function listeningLine(url: string): string {
  return `mock bank listening on ${url}`
}

/**
 * The line development tools print (before the listening line) so that whoever started them can reach
 * the bank: `npm run bank` and the harness. The app never prints it.
 */
export function clientSecretLine(secret: string): string {
  return `mock bank client secret ${secret}`
}

export async function createBankServer(options: BankServerOptions): Promise<BankServer> {
  const host = options.host ?? '127.0.0.1'
  if (!LOOPBACK.has(host)) throw new Error(`the mock bank listens on loopback only, not ${host}`)
  const config = resolveConfig(options.config)
  const engine = await Engine.open(options.dataDir, config, options.clock ?? systemClock, options.storageKey)
  let seeded: SeedReport | undefined
  try {
    if (options.seed !== undefined) seeded = await seedBank(engine, options.seed)
  } catch (error) {
    await engine.close()
    throw error
  }

  const faults = new Faults()
  const app = Fastify({ logger: false, bodyLimit: 1024 * 1024, forceCloseConnections: true })
  // Known once it listens (the port may be picked then); nothing is answered before.
  let ownHosts: ReadonlySet<string> = new Set()
  try {
    clientGuard(app, { secret: options.clientSecret, hosts: () => ownHosts })
  } catch (error) {
    await engine.close()
    throw error
  }
  // Every answer carries the bank's clock, which the development routes can move: clients judge the
  // age of what the bank remembers in the bank's time.
  app.addHook('onSend', async (_request, reply) => {
    reply.header(BANK_TIME_HEADER, String(engine.now()))
  })
  const log = options.log
  if (log) {
    app.addHook('onResponse', async (request, reply) => {
      log(`${request.method} ${request.url} ${reply.statusCode} ${reply.elapsedTime.toFixed(1)}ms`)
    })
  }
  app.setErrorHandler((error: FastifyError, _request, reply) => {
    if (error instanceof BankError) return reply.code(error.status).send(error.toBody())
    if (error.statusCode !== undefined && error.statusCode >= 400 && error.statusCode < 500) {
      return reply.code(400).send({ error: { code: 'INVALID_INPUT', message: error.message } })
    }
    log?.(`internal error: ${error.stack ?? error.message}`)
    const unavailable = engine.failed !== undefined
    return reply.code(unavailable ? 503 : 500).send({
      error: {
        code: unavailable ? 'BANK_UNAVAILABLE' : 'INTERNAL',
        message: unavailable ? 'the bank stopped after a storage failure' : 'internal error',
      },
    })
  })
  app.setNotFoundHandler((_request, reply) => reply.code(404).send({ error: { code: 'NOT_FOUND', message: 'no such endpoint' } }))

  const routes: { method: string; url: string }[] = []
  app.addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) if (method !== 'HEAD') routes.push({ method, url: route.url })
  })
  const env = { engine, faults }
  accountRoutes(app, env)
  moneyRoutes(app, env)
  merchantRoutes(app, env)
  const withDevRoutes = options.devRoutes === true
  if (withDevRoutes) devRoutes(app, env)

  try {
    await app.listen({ host, port: options.port ?? 0 })
  } catch (error) {
    await engine.close()
    throw error
  }
  const address = app.server.address()
  const port = typeof address === 'object' && address ? address.port : (options.port ?? 0)
  const hostPart = host.includes(':') ? `[${host}]` : host
  const url = `http://${hostPart}:${port}`
  ownHosts = new Set([`${hostPart}:${port}`, `localhost:${port}`])

  let closed = false
  return {
    url,
    port,
    config,
    seeded,
    recoveredTornBytes: engine.recoveredTornBytes,
    routes,
    clientSecret: options.clientSecret,
    devRoutes: withDevRoutes,
    onSms(listener) {
      return engine.onCommit((events) => {
        for (const event of events) {
          if (event.t !== 'sms.sent') continue
          const rec = engine.state.smsLog.get(event.phone)?.find((m) => m.id === event.id)
          if (!rec) continue
          // The SMS is committed already: whatever the listener does must not turn the answer into a failure.
          try {
            listener(toSmsMessage(rec))
          } catch (error) {
            log?.(`sms listener failed: ${error instanceof Error ? error.message : String(error)}`)
          }
        }
      })
    },
    clock: {
      now: () => engine.now(),
      advance: async (ms) => (await moveClock(engine, { advanceMs: ms })).now,
      set: async (ms) => (await moveClock(engine, { setMs: ms })).now,
    },
    async close() {
      if (closed) return
      closed = true
      await app.close()
      await engine.close()
    },
  }
}

export type { SeedSpec, SeedReport } from './seed'
export {
  SPECIAL_CARDS,
  CARD_FROZEN,
  CARD_NOT_OWNED,
  CARD_EXPIRED,
  CARD_LOW_BALANCE,
  DEMO_MERCHANT_KEY,
  HOUSEHOLD_WITH_BILL,
  HOUSEHOLD_PAID_UP,
  HOUSEHOLD_UNKNOWN,
} from './catalog'
export { DEMO_CUSTOMER, DEMO_PAYEE, BULK_CUSTOMER } from './seed'
