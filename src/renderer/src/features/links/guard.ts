import { defineStore } from 'pinia'
import { shallowRef } from 'vue'
import { ElMessage } from 'element-plus'
import type { LinkAssessment } from '@shared/link-guard'
import { ApiError, call } from '@renderer/api/client'
import { errorMessage, i18n } from '@renderer/i18n'

export type AssessedLink = Extract<LinkAssessment, { ok: true }>

/**
 * The renderer's half of the one link guard (src/shared/link-guard.ts): every link of the app comes
 * here (LinkText, the document-wide click handler in App.vue), the dialog (LinkGuardDialog.vue) shows
 * where it really goes, a flagged link needs a second, explicit confirmation, and main opens it after
 * deciding again (`link.open`).
 */
export const useLinkGuard = defineStore('link-guard', () => {
  const pending = shallowRef<AssessedLink | null>(null)
  /** 1: where it goes (and what is wrong); 2: the second confirmation of a flagged link. */
  const step = shallowRef<1 | 2>(1)
  const opening = shallowRef(false)

  /**
   * Shows the guard for a link; a link that can never be opened says so and goes no further. The
   * assessment (and its public-suffix list, ~140 kB) is loaded at the first link, not at every start.
   */
  async function request(raw: string): Promise<void> {
    const { assessLink } = await import('@shared/link-guard')
    const assessed = assessLink(raw)
    if (!assessed.ok) {
      ElMessage.error(i18n.global.t('account.link.refused'))
      return
    }
    pending.value = assessed
    step.value = 1
  }

  function cancel(): void {
    pending.value = null
    step.value = 1
  }

  /** The user said yes on the current step: a flagged link goes to step 2 first, then opens. */
  async function confirm(): Promise<void> {
    const link = pending.value
    if (!link || opening.value) return
    if (link.flags.length > 0 && step.value === 1) {
      step.value = 2
      return
    }
    opening.value = true
    try {
      await call('link.open', { url: link.url, confirmedFlags: step.value === 2 ? [...link.flags] : [] })
      ElMessage.success(i18n.global.t('account.link.opened'))
      cancel()
    } catch (error) {
      ElMessage.error(errorMessage(error instanceof ApiError ? error.code : 'unknown'))
    } finally {
      opening.value = false
    }
  }

  return { pending, step, opening, request, cancel, confirm }
})

/**
 * Routes every click on a link (`a[href]` to http or https, anywhere in the document) through the
 * guard instead of letting the browser follow it. In-page anchors (`#main`) and downloads of files the
 * app made (blob:) are left alone.
 */
export function interceptLinks(doc: Document, open: (href: string) => void): () => void {
  const onClick = (event: MouseEvent) => {
    const target = event.target instanceof Element ? event.target.closest('a[href]') : null
    if (!target) return
    const href = target.getAttribute('href') ?? ''
    if (href.startsWith('#') || href.startsWith('blob:') || target.hasAttribute('download')) return
    event.preventDefault()
    if (event.type === 'click') open((target as HTMLAnchorElement).href)
  }
  doc.addEventListener('click', onClick, true)
  doc.addEventListener('auxclick', onClick, true)
  return () => {
    doc.removeEventListener('click', onClick, true)
    doc.removeEventListener('auxclick', onClick, true)
  }
}
