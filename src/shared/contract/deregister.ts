import { z } from 'zod'
import { DeregisterBlocker } from '../bank-api/bodies'
import { SmsTicket } from './activation'
import { channel } from './define'
import { OutboxView } from './sync'
import { Secret, Text } from './text'

/**
 * 注销 (closing the wallet): what stands in the way, as the bank says it (its blockers) and as this
 * computer knows it (payments queued in the outbox that have not settled), and whether the bank will ask
 * for an authenticator code. src/main/core/deregister.ts.
 */
export const DeregisterCheck = z.object({
  blockers: z.array(DeregisterBlocker),
  /** Outbox items not settled yet (queued, sending, needing confirmation or the password): wait, or cancel. */
  outbox: z.array(OutboxView),
  totpRequired: z.boolean(),
  phoneMasked: z.string(),
  /** Automatic backups on this computer: the user chooses whether they are deleted too. */
  autoBackups: z.number().int().nonnegative(),
})
export type DeregisterCheck = z.infer<typeof DeregisterCheck>

export const DeregisterInput = z.object({
  password: Secret(64),
  smsCode: Text(6),
  totpCode: Text(6).optional(),
  /** Delete the automatic backups in the data folder as well (and the key that opens them). */
  deleteAutoBackups: z.boolean(),
})
export type DeregisterInput = z.infer<typeof DeregisterInput>

export const DeregisterDone = z.object({
  ok: z.literal(true),
  /** Automatic backups left in the data folder at the user's choice (0 when they were deleted). */
  autoBackupsKept: z.number().int().nonnegative(),
})
export type DeregisterDone = z.infer<typeof DeregisterDone>

export const deregisterChannels = {
  'account.deregisterCheck': channel(z.void(), DeregisterCheck),
  /** A deregistration SMS code to the signed-in customer's phone. */
  'account.deregisterSendSms': channel(z.void(), SmsTicket),
  /**
   * Closes the wallet at the bank, then wipes this computer: sealed documents, keychain entries, the
   * session, and (if asked) the automatic backups. Answers once the folder holds nothing of the customer;
   * the renderer then deletes its replica and shows the welcome screen.
   */
  'account.deregister': channel(DeregisterInput, DeregisterDone),
}
