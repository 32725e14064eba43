/**
 * The contract's plain values, without zod: the renderer imports these, so that its start-up does not
 * build every channel's schema (the renderer never validates; main does). The schemas re-export them.
 */
import type { Settings } from './app'

export const LANGUAGES = ['zh-CN', 'en-US'] as const
export const THEMES = ['light', 'dark', 'system'] as const
export const AUTO_LOCK_CHOICES = [1, 5, 10, 15, 30] as const
export const DEFAULT_SETTINGS: Settings = { language: 'zh-CN', theme: 'light', autoLockMinutes: 5, autoBackup: false }

export const ACTIVATION_STEPS = ['register', 'verify', 'card', 'payPassword', 'done'] as const

/** Kinds of wallet transactions as the replica stores them (the bank's feed is mapped onto these in main). */
export const TX_TYPES = [
  'topup',
  'withdraw',
  'transfer_in',
  'transfer_out',
  'card_transfer',
  'payment',
  'bill',
  'wealth_buy',
  'wealth_redeem',
] as const
export const TX_STATUSES = ['succeeded', 'pending', 'failed', 'reversed', 'queued'] as const
