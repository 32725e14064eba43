import { createServer, request, type IncomingMessage, type ServerResponse } from 'node:http'
import type { Socket } from 'node:net'

/**
 * A loopback HTTP proxy in front of the bank that the test can cut, like a network outage: while cut,
 * every connection is destroyed before anything reaches the bank. `cutAfter` cuts right after one
 * matching request has been passed on, so "the bank did it, then the network went away" happens
 * deterministically, before the app can try again.
 */
export interface NetCut {
  /** The URL the wallet uses instead of the bank's. */
  url: string
  cut(): void
  restore(): void
  /** Passes the next request that matches on, then cuts everything after it. */
  cutAfter(match: (method: string, path: string) => boolean): void
  /** Forgets a cutAfter that has not fired. */
  disarm(): void
  readonly isCut: boolean
  close(): Promise<void>
}

export async function startNetCut(target: () => string): Promise<NetCut> {
  let cut = false
  let trip: ((method: string, path: string) => boolean) | undefined
  const sockets = new Set<Socket>()

  function forward(req: IncomingMessage, res: ServerResponse): void {
    const method = req.method ?? 'GET'
    const path = req.url ?? '/'
    if (cut) {
      req.socket.destroy()
      return
    }
    if (trip?.(method, path.split('?')[0]!)) {
      trip = undefined
      cut = true
    }
    let to: URL
    try {
      to = new URL(path, target())
    } catch {
      // No bank behind the proxy right now.
      req.socket.destroy()
      return
    }
    // The bank answers only its own Host (src/mock-bank/http/client-guard.ts), as a reverse proxy would send it.
    const upstream = request(to, { method, headers: { ...req.headers, host: to.host, connection: 'close' } }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers)
      answer.pipe(res)
      answer.on('error', () => req.socket.destroy())
    })
    // The bank dropped the connection (or is gone): the wallet sees the same.
    upstream.on('error', () => req.socket.destroy())
    req.pipe(upstream)
  }

  const server = createServer(forward)
  server.keepAliveTimeout = 1
  server.on('connection', (socket) => {
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
    if (cut) socket.destroy()
  })
  await new Promise<void>((ready) => server.listen(0, '127.0.0.1', ready))
  const address = server.address()
  const port = typeof address === 'object' && address ? address.port : 0

  return {
    url: `http://127.0.0.1:${port}`,
    cut() {
      cut = true
      for (const socket of sockets) socket.destroy()
    },
    restore() {
      cut = false
      trip = undefined
    },
    cutAfter(match) {
      trip = match
    },
    disarm() {
      trip = undefined
    },
    get isCut() {
      return cut
    },
    close() {
      for (const socket of sockets) socket.destroy()
      return new Promise((done) => server.close(() => done()))
    },
  }
}
