import { computed, onScopeDispose, ref, type ComputedRef, type Ref } from 'vue'

/** Date.now(), refreshed every `intervalMs` while the calling component (or effect scope) lives. */
export function useNow(intervalMs = 1000): Ref<number> {
  const now = ref(Date.now())
  const timer = setInterval(() => (now.value = Date.now()), intervalMs)
  onScopeDispose(() => clearInterval(timer))
  return now
}

export interface Countdown {
  /** Whole seconds until the target, never negative; 0 once it has passed or when there is no target. */
  seconds: ComputedRef<number>
  active: ComputedRef<boolean>
  /** m:ss (or h:mm:ss) of what is left. */
  text: ComputedRef<string>
}

/**
 * Whole seconds shown for `ms` still to wait. Rounded to the nearest second, not up: the bank's clock
 * runs a few milliseconds apart from this one, so a 60 s wait arrives as 60.02 s, which rounding up
 * showed as 61 (and a 5-minute code as 5:01). Never 0 while there is time left, so the last second
 * reads 1 until the wait is over.
 */
export function secondsLeft(ms: number): number {
  return ms > 0 ? Math.max(1, Math.round(ms / 1000)) : 0
}

/** Counts down to an epoch-ms target given by the bank (its clock is the one that counts). */
export function useCountdown(target: () => number | null | undefined): Countdown {
  const now = useNow()
  const seconds = computed(() => {
    const at = target()
    return at == null ? 0 : secondsLeft(at - now.value)
  })
  return { seconds, active: computed(() => seconds.value > 0), text: computed(() => formatDuration(seconds.value)) }
}

const pad = (n: number) => String(n).padStart(2, '0')

/** 75 → '1:15', 3725 → '1:02:05'. */
export function formatDuration(totalSeconds: number): string {
  const s = Math.max(0, Math.floor(totalSeconds))
  const h = Math.floor(s / 3600)
  const m = Math.floor((s % 3600) / 60)
  return h > 0 ? `${h}:${pad(m)}:${pad(s % 60)}` : `${m}:${pad(s % 60)}`
}

/** The local wall-clock time of an epoch-ms instant as HH:mm:ss. */
export function formatClock(epochMs: number): string {
  const d = new Date(epochMs)
  return `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`
}
