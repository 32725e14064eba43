import type { z } from 'zod'

/** Injected time source (src/shared/clock.ts): services never read Date.now() directly, so tests move time instead of sleeping. */
export { systemClock, type Clock } from '../../shared/clock'

/**
 * Small main-side state documents (settings, wizard progress, outbox, unlock verifier), each stored
 * under a short name. The production implementation is the vault's sealed store (encrypted, atomic,
 * previous generation kept); tests may use the in-memory one.
 */
export interface DocStore {
  read<T>(name: string, schema: z.ZodType<T>): Promise<T | undefined>
  /**
   * `forget`: the write removes something that must not outlive it (a secret): no older generation
   * kept beside the document (the sealed store's `.prev`) may still hold it afterwards.
   */
  write(name: string, value: unknown, options?: WriteOptions): Promise<void>
  remove(name: string): Promise<void>
}

export interface WriteOptions {
  forget?: boolean
}

export function createMemoryDocStore(): DocStore {
  const docs = new Map<string, string>()
  return {
    async read(name, schema) {
      const raw = docs.get(name)
      return raw === undefined ? undefined : schema.parse(JSON.parse(raw))
    },
    async write(name, value) {
      docs.set(name, JSON.stringify(value))
    },
    async remove(name) {
      docs.delete(name)
    },
  }
}
