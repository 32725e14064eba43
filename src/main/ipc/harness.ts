import { randomBytes, timingSafeEqual } from 'node:crypto'
import { existsSync } from 'node:fs'
import type { ServerResponse } from 'node:http'
import { join } from 'node:path'
import Fastify, { type FastifyReply, type FastifyRequest } from 'fastify'
import fastifyStatic from '@fastify/static'
import { z } from 'zod'
import type { Result } from '../../shared/errors'
import { onDeepLink } from '../base/deep-link'
import type { WalletCore } from './wallet'

/** Loopback only: the harness carries the whole contract and must never be reachable from the network. */
const LOOPBACK_HOSTS = new Set(['127.0.0.1', '::1', 'localhost'])

export const HARNESS_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ')

export interface HarnessServerOptions {
  core: WalletCore
  /** The built renderer (out/renderer). */
  rendererDir: string
  host?: string
  port?: number
  /** Fixed token for tests; a random one per launch otherwise. */
  token?: string
}

export interface HarnessServer {
  /** Offers bytes as a one-time download at an unguessable URL (what a save dialog is in Electron). */
  offerDownload(bytes: Buffer, fileName: string): string
  url: string
  token: string
  /** The URL to open: the token travels in the fragment, so it never reaches a server log. */
  appUrl: string
  close(): Promise<void>
}

/** Most calls one batch may carry (src/renderer/src/api/harness-transport.ts sends no more). */
export const HARNESS_BATCH_MAX = 64

const batchSchema = z
  .array(z.object({ channel: z.string().max(100), input: z.unknown().optional() }).strict())
  .min(1)
  .max(HARNESS_BATCH_MAX)

function tokensEqual(expected: Buffer, given: string | undefined): boolean {
  if (!given) return false
  const g = Buffer.from(given)
  return g.length === expected.length && timingSafeEqual(g, expected)
}

function deny(reply: FastifyReply, status: number, code: 'UNAUTHORIZED' | 'FORBIDDEN', message: string): FastifyReply {
  const body: Result<never> = { ok: false, error: { code, message } }
  return reply.code(status).send(body)
}

export async function startHarnessServer(options: HarnessServerOptions): Promise<HarnessServer> {
  const host = options.host ?? '127.0.0.1'
  if (!LOOPBACK_HOSTS.has(host)) throw new Error(`the harness binds loopback only, not ${host}`)
  if (!existsSync(join(options.rendererDir, 'index.html'))) throw new Error(`no built renderer in ${options.rendererDir}`)

  const token = options.token ?? randomBytes(24).toString('base64url')
  const tokenBytes = Buffer.from(token)
  const { core } = options
  const app = Fastify({ logger: false, bodyLimit: 64 * 1024 * 1024, forceCloseConnections: true })
  const streams = new Set<ServerResponse>()
  let port = 0

  app.addHook('onRequest', async (req, reply) => {
    // DNS rebinding: a page on another name that resolves to 127.0.0.1 must not reach the API.
    const hostHeader = (req.headers.host ?? '').toLowerCase()
    if (hostHeader !== `127.0.0.1:${port}` && hostHeader !== `localhost:${port}` && hostHeader !== `[::1]:${port}`) {
      return deny(reply, 403, 'FORBIDDEN', 'unexpected Host header')
    }
    reply.header('Content-Security-Policy', HARNESS_CSP)
    reply.header('X-Content-Type-Options', 'nosniff')
    reply.header('Referrer-Policy', 'no-referrer')
    reply.header('Cross-Origin-Opener-Policy', 'same-origin')
    if (req.url.startsWith('/api/')) {
      const auth = req.headers.authorization
      const given = auth?.startsWith('Bearer ') ? auth.slice(7) : (req.query as Record<string, string | undefined>).token
      if (!tokensEqual(tokenBytes, given)) return deny(reply, 401, 'UNAUTHORIZED', 'missing or wrong harness token')
      reply.header('Cache-Control', 'no-store')
    }
  })

  const downloads = new Map<string, { bytes: Buffer; fileName: string }>()
  app.get('/download/:id', async (req: FastifyRequest<{ Params: { id: string } }>, reply) => {
    const item = downloads.get(req.params.id)
    if (!item) return reply.code(404).send({ ok: false, error: { code: 'NOT_FOUND', message: 'no such download' } })
    downloads.delete(req.params.id)
    return reply
      .header('Content-Type', 'application/octet-stream')
      .header('Content-Disposition', `attachment; filename="backup.iwbk"; filename*=UTF-8''${encodeURIComponent(item.fileName)}`)
      .header('Cache-Control', 'no-store')
      .send(item.bytes)
  })

  app.post('/api/invoke/:channel', async (req: FastifyRequest<{ Params: { channel: string }; Body: unknown }>) => {
    const body = req.body
    const input = body !== null && typeof body === 'object' && 'input' in body ? (body as { input: unknown }).input : undefined
    return core.router.call(req.params.channel, input, { transport: 'harness' })
  })

  // The calls the renderer made in one turn of its event loop, in one request: an HTTP request each costs
  // the page far more than Electron's separate invokes do. They run together, as separate requests would,
  // and each answer is written as a line `{"i":n,"result":…}` the moment it is ready: a slow call never
  // holds back a quick one of the same batch.
  app.post('/api/invoke-batch', async (req: FastifyRequest<{ Body: unknown }>, reply) => {
    const parsed = batchSchema.safeParse(req.body)
    if (!parsed.success) {
      const body: Result<never> = {
        ok: false,
        error: { code: 'INVALID_INPUT', message: `expected 1 to ${HARNESS_BATCH_MAX} calls of {channel, input}` },
      }
      return reply.code(400).send(body)
    }
    reply.hijack()
    const res = reply.raw
    res.on('error', () => {})
    // The headers every answer carries (the onRequest hook above), which a hijacked reply no longer sends itself.
    for (const [name, value] of Object.entries(reply.getHeaders())) {
      if (typeof value === 'string' || typeof value === 'number' || Array.isArray(value)) res.setHeader(name, value)
    }
    res.writeHead(200, { 'Content-Type': 'application/x-ndjson; charset=utf-8' })
    await Promise.all(
      parsed.data.map(async ({ channel, input }, i) => {
        const result = await core.router
          .call(channel, input, { transport: 'harness' })
          .catch((): Result<never> => ({ ok: false, error: { code: 'INTERNAL', message: 'internal error' } }))
        if (!res.destroyed) res.write(`${JSON.stringify({ i, result })}\n`)
      }),
    )
    res.end()
  })

  // What the OS does when someone opens an icbc-wallet:// link (Electron: open-url, or a second
  // instance's argv in src/main/index.ts): the same parser, then the core's offer to the renderer.
  // Tests and tools use it to deliver a link as the OS would; the renderer never calls it.
  app.post('/api/os/open-url', async (req: FastifyRequest<{ Body: unknown }>) => {
    const body = req.body
    const url = body !== null && typeof body === 'object' && 'url' in body ? (body as { url: unknown }).url : undefined
    const result = onDeepLink(typeof url === 'string' ? url : '', (link) => core.offerDeepLink(link))
    return { ok: true, value: result.ok ? { delivered: true } : { delivered: false, reason: result.reason } }
  })

  app.get('/api/events', (req, reply) => {
    reply.hijack()
    const res = reply.raw
    res.writeHead(200, {
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-store',
      Connection: 'keep-alive',
      'X-Accel-Buffering': 'no',
    })
    res.write('retry: 1000\n: connected\n\n')
    streams.add(res)
    const unsubscribe = core.events.subscribe((name, payload) => {
      res.write(`event: ${name}\ndata: ${JSON.stringify(payload)}\n\n`)
    })
    const heartbeat = setInterval(() => res.write(': ping\n\n'), 15_000)
    req.raw.on('close', () => {
      streams.delete(res)
      clearInterval(heartbeat)
      unsubscribe()
    })
  })

  await app.register(fastifyStatic, {
    root: options.rendererDir,
    index: ['index.html'],
    wildcard: true,
    cacheControl: false,
    // The build names every asset by its content (assets/name-hash.js): a browser keeps it without asking
    // again. The page itself is asked for again each time, so a new build is picked up at the next load.
    setHeaders: (reply, path) =>
      reply.header('Cache-Control', /[\\/]assets[\\/]/.test(path) ? 'public, max-age=31536000, immutable' : 'no-cache'),
  })
  // HTML5 history: unknown extension-less paths are app routes, served by index.html.
  app.setNotFoundHandler((req, reply) => {
    if (req.method === 'GET' && !req.url.startsWith('/api/') && !/\.[a-z0-9]+($|\?)/i.test(req.url)) {
      return reply.type('text/html').sendFile('index.html')
    }
    return reply.code(404).send({ ok: false, error: { code: 'UNKNOWN_CHANNEL', message: 'not found' } })
  })

  const address = await app.listen({ host, port: options.port ?? 0 })
  port = new URL(address).port ? Number(new URL(address).port) : (options.port ?? 0)
  const url = `http://${host === '::1' ? '[::1]' : '127.0.0.1'}:${port}`
  return {
    url,
    token,
    appUrl: `${url}/#token=${token}`,
    offerDownload(bytes, fileName) {
      const id = randomBytes(18).toString('base64url')
      downloads.set(id, { bytes, fileName })
      return `/download/${id}`
    },
    async close() {
      for (const res of streams) res.end()
      await app.close()
    },
  }
}
