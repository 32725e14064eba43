import { computed, type ComputedRef } from 'vue'
import { useRouter } from 'vue-router'
import { useActivationStore } from '@renderer/stores/activation'
import { describeProblem, type Problem, type ProblemAction, type ProblemContext } from '@renderer/features/problems/describe'

/** The activation store's error as a Problem for this step, and the common next steps. */
export function useWizardProblem(values: () => ProblemContext['values'] = () => ({})): {
  problem: ComputedRef<Problem | null>
  onAction: (action: ProblemAction) => void
} {
  const store = useActivationStore()
  const router = useRouter()
  const problem = computed(() => (store.error ? describeProblem(store.error, { place: 'wizard', values: values() }) : null))
  function onAction(action: ProblemAction): void {
    if (action === 'signIn' || action === 'switchAccount') void router.push({ name: 'sign-in' })
    else if (action === 'back') void store.back()
    else if (action === 'resend') void store.sendSms()
  }
  return { problem, onAction }
}
