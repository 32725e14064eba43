import { z } from 'zod'
import { channel } from './define'
import { Secret, Text } from './text'
import { BackupLocation } from './backup'

export const TwoFactorStatus = z.object({ enabled: z.boolean() })
export type TwoFactorStatus = z.infer<typeof TwoFactorStatus>

/**
 * What the enrol screen shows once: the bank's shared secret (base32, for typing by hand) and the
 * otpauth:// URI it draws as a QR code (RFC 6238: SHA-1, 6 digits, 30 s). Main keeps neither.
 */
export const TwoFactorEnrolment = z.object({
  secret: z.string(),
  otpauthUri: z.string(),
  digits: z.number().int(),
  periodSeconds: z.number().int(),
})
export type TwoFactorEnrolment = z.infer<typeof TwoFactorEnrolment>

/** On, with the ten single-use recovery codes the bank made: shown this once, kept nowhere by the wallet. */
export const TwoFactorConfirmed = z.object({ enabled: z.literal(true), recoveryCodes: z.array(z.string()) })
export type TwoFactorConfirmed = z.infer<typeof TwoFactorConfirmed>

export const twoFactorChannels = {
  /** Whether the bank asks this customer for an authenticator code at sign-in. */
  'twofa.status': channel(z.void(), TwoFactorStatus),
  /** Starts (or restarts) enrolment: a fresh secret from the bank, handed to the screen and never stored. */
  'twofa.enroll': channel(z.void(), TwoFactorEnrolment),
  /** The first code from the authenticator app turns two-factor authentication on. */
  'twofa.confirm': channel(z.object({ code: Text(6) }), TwoFactorConfirmed),
  /** Turns it off: the login password and a current authenticator code (a recovery code does not do). */
  'twofa.disable': channel(z.object({ password: Secret(64), code: Text(6) }), TwoFactorStatus),
  /** Saves the recovery codes the screen shows to a file the user picks (the backups' save path). */
  'twofa.saveRecoveryCodes': channel(
    z.object({ codes: z.array(Text(11)).min(1).max(10) }),
    z.object({ fileName: z.string(), location: BackupLocation }),
  ),
}
