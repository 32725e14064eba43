import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { resolve } from 'node:path'
import type { Clock } from '../shared/clock'
import type { BankConfig } from './config'
import { BankError } from './errors'
import { openJournal, scanJournal, type Journal, type JournalRecord } from './journal'
import { adoptHostKey, fingerprintOf, loadBankKeys, openRecords, sealEvent, Sealer, type BankKeys } from './keys'
import { newId } from './random'
import { applyEvent, BankState, type BankEvent, type IdemEntry } from './state'

/**
 * Owns the state, the journal and the order of operations. Every operation runs alone (a promise
 * chain acts as the bank's single teller): it reads state, emits events, and its record is made
 * durable before anyone else looks, so nobody ever sees an effect that a crash could take back.
 */
export interface Unit {
  readonly now: number
  emit(event: BankEvent): void
}

export class Engine {
  state = new BankState()
  private chain: Promise<unknown> = Promise.resolve()
  private pending: BankEvent[] | null = null
  private failure: Error | undefined
  private readonly listeners = new Set<(events: readonly BankEvent[]) => void>()
  /** Seals what the journal must not hold in clear (keys.ts sealEvent); memory keeps the clear events. */
  private readonly sealer: Sealer

  private constructor(
    private journal: Journal<BankEvent>,
    readonly config: BankConfig,
    private readonly baseClock: Clock,
    readonly dataDir: string,
    private readonly lockFile: string,
    private keys: BankKeys,
  ) {
    this.sealer = new Sealer(keys)
  }

  /**
   * `storageKey`: the host's key for the bank's files; without it, the folder's own (keys.ts). A folder
   * that has its own key and is now given the host's moves to the host's (keys.ts adoptHostKey). Throws
   * BankKeyMismatchError, changing nothing, when the journal was sealed under another key.
   */
  static async open(dataDir: string, config: BankConfig, clock: Clock, storageKey?: Uint8Array): Promise<Engine> {
    const lockFile = acquireLock(dataDir)
    try {
      if (storageKey) adoptHostKey(dataDir, storageKey)
      const keys = loadBankKeys(dataDir, storageKey)
      const journal = await openJournal<BankEvent>(dataDir)
      const engine = new Engine(journal, config, clock, dataDir, lockFile, keys)
      engine.replay(journal.takeRecovered())
      if (!engine.state.bankId) {
        await engine.transact((unit) => unit.emit({ t: 'init', bankId: newId('bank'), shopKey: newId('shopkey'), at: unit.now }))
      }
      return engine
    } catch (error) {
      releaseLock(lockFile)
      throw error
    }
  }

  get recoveredTornBytes(): number {
    return this.journal.truncatedBytes
  }

  private replay(records: JournalRecord<BankEvent>[]): void {
    const state = new BankState()
    const idem: IdemEntry[] = []
    const opened = openRecords(records, this.sealer)
    records.forEach((record, index) => {
      for (const event of opened[index]!) applyEvent(state, event)
      if (record.i) idem.push(record.i as IdemEntry)
    })
    if (state.fingerprintKey) this.keys = { ...this.keys, fingerprint: Buffer.from(state.fingerprintKey, 'base64url') }
    const floor = this.baseClock.now() + state.clockOffsetMs - this.outcomeRetentionMs
    for (const entry of idem) if (entry.at >= floor) state.restoreIdempotency(entry)
    this.state = state
  }

  now(): number {
    return this.baseClock.now() + this.state.clockOffsetMs
  }

  /**
   * A request's fingerprint in the idempotency store: HMAC-SHA256 under this bank's key (keys.ts) of a
   * text the caller has already stripped of secrets. Never a plain hash: a plain hash of anything that
   * could be guessed confirms the guess offline.
   */
  fingerprint(text: string): string {
    return fingerprintOf(this.keys, text)
  }

  private sealed(events: BankEvent[]): BankEvent[] {
    return events.map((event) => sealEvent(this.sealer, event))
  }

  /**
   * How long an operation's stored outcome is kept by key: answered by GET /operations/:key for this
   * long, and replayed to a repeated request only within the shorter idempotencyTtlMs.
   */
  get outcomeRetentionMs(): number {
    return Math.max(this.config.idempotency.outcomeRetentionMs, this.config.idempotencyTtlMs)
  }

  /** Called after each committed record with its events (SMS notifications, for instance). */
  onCommit(listener: (events: readonly BankEvent[]) => void): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  /** Runs `fn` alone. Nothing else reads or writes state until it settles. */
  exclusive<T>(fn: () => T | Promise<T>): Promise<T> {
    const run = this.chain.then(() => {
      if (this.failure) throw this.failure
      return fn()
    })
    this.chain = run.then(
      () => undefined,
      () => undefined,
    )
    return run
  }

  /**
   * Inside exclusive(): applies events as `fn` emits them and commits them as one journal record
   * together with the idempotency entry `idemFor` derives from the outcome. A BankError thrown by
   * `fn` is an outcome like any other (events emitted before it, such as a counted wrong password,
   * still commit). Any other error is a bug: state is rebuilt from the journal, nothing commits.
   */
  async transactInside<T>(
    fn: (unit: Unit) => T,
    idemFor?: (outcome: { ok: true; value: T } | { ok: false; error: unknown }) => IdemEntry | undefined,
  ): Promise<T> {
    if (this.pending) throw new Error('nested transaction')
    const events: BankEvent[] = []
    this.pending = events
    const now = this.now()
    const unit: Unit = {
      now,
      emit: (event) => {
        applyEvent(this.state, event)
        events.push(event)
      },
    }
    let outcome: { ok: true; value: T } | { ok: false; error: unknown }
    try {
      outcome = { ok: true, value: fn(unit) }
    } catch (error) {
      outcome = { ok: false, error }
    } finally {
      this.pending = null
    }
    if (!outcome.ok && !(outcome.error instanceof BankError)) {
      if (events.length > 0) this.replay(scanJournal<BankEvent>(readFileSync(this.journal.file)).records)
      throw outcome.error
    }
    const idem = idemFor?.(outcome)
    if (events.length > 0 || idem) {
      try {
        await this.journal.append(this.sealed(events), idem)
      } catch (error) {
        // The operation's effects are applied in memory but may not be on disk: stop answering
        // rather than tell anyone about them. A restart replays what did reach the disk.
        this.failure = error instanceof Error ? error : new Error(String(error))
        throw this.failure
      }
      if (idem) this.state.restoreIdempotency(idem)
      for (const listener of this.listeners) listener(events)
    }
    if (!outcome.ok) throw outcome.error
    return outcome.value
  }

  transact<T>(fn: (unit: Unit) => T): Promise<T> {
    return this.exclusive(() => this.transactInside(fn))
  }

  /** Seeding: applies and writes many records with one fsync. Must run inside exclusive(). */
  async commitBatch(batches: BankEvent[][]): Promise<void> {
    for (const events of batches) for (const event of events) applyEvent(this.state, event)
    try {
      await this.journal.appendBatch(batches.map((events) => ({ events: this.sealed(events) })))
    } catch (error) {
      this.failure = error instanceof Error ? error : new Error(String(error))
      throw this.failure
    }
  }

  private lastPurge = 0

  /**
   * Forgets stored outcomes past their retention (30 days) and sessions a day past their expiry. Both are
   * decided by time alone, so this needs no journal record: a replay drops the same ones.
   */
  purgeExpired(): void {
    const now = this.now()
    if (now - this.lastPurge < 10 * 60_000) return
    this.lastPurge = now
    for (const [slot, entry] of this.state.idempotency)
      if (entry.at + this.outcomeRetentionMs <= now) this.state.idempotency.delete(slot)
    // Expired sessions stay a day longer, so their tokens still get SESSION_EXPIRED rather than UNAUTHORIZED.
    for (const [hash, session] of this.state.sessions) if (session.expiresAt + 86_400_000 <= now) this.state.sessions.delete(hash)
  }

  get failed(): Error | undefined {
    return this.failure
  }

  async close(): Promise<void> {
    await this.exclusive(() => undefined).catch(() => undefined)
    await this.journal.close()
    releaseLock(this.lockFile)
  }
}

const heldLocks = new Set<string>()

/** One bank per data dir. A lock left by a killed process is taken over when its pid is gone. */
function acquireLock(dataDir: string): string {
  mkdirSync(dataDir, { recursive: true })
  const lockFile = resolve(dataDir, 'bank.lock')
  if (heldLocks.has(lockFile)) throw new Error(`the bank data dir ${dataDir} is already open in this process`)
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(lockFile, 'wx')
      writeFileSync(fd, String(process.pid))
      closeSync(fd)
      heldLocks.add(lockFile)
      return lockFile
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
      const pid = Number(readFileSync(lockFile, 'utf8').trim())
      if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && isAlive(pid)) {
        throw new Error(`the bank data dir ${dataDir} is in use by process ${pid}`, { cause: error })
      }
      rmSync(lockFile, { force: true })
    }
  }
  throw new Error(`could not lock ${dataDir}`)
}

function releaseLock(lockFile: string): void {
  heldLocks.delete(lockFile)
  rmSync(lockFile, { force: true })
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}
