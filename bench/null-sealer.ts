import { createHash } from 'node:crypto'
import {
  createReplicaSealer,
  type ReplicaKeys,
  type ReplicaSealer,
  type SealPrimitives,
} from '../src/main/platform/replica/sealer'

/**
 * The benchmark's replica without encryption (scripts/harness.ts --bench-unsealed, bench/run.ts
 * `sealOverheadPct`): the sealer's own code with AES-GCM and HMAC replaced by copies of the same size
 * (the plaintext behind a 12-byte nonce and before a 16-byte tag of zeros; tokens from an MD5, which
 * is far cheaper than the HMAC). Records, tokens and the dictionary keep their shape and their number,
 * so the difference between two syncs is what the cryptography costs. Never used by the app.
 */
const PLAIN: SealPrimitives = {
  seal: (_key, plaintext) => Buffer.concat([Buffer.alloc(12), plaintext, Buffer.alloc(16)]).toString('base64'),
  open: (_key, sealed) => {
    const bytes = Buffer.from(sealed, 'base64')
    return bytes.subarray(12, bytes.length - 16)
  },
  mac: (_key, input) => Buffer.concat([createHash('md5').update(input).digest(), Buffer.alloc(16)]),
}

export function createNullSealer(keys: ReplicaKeys): ReplicaSealer {
  return createReplicaSealer(keys, PLAIN)
}
