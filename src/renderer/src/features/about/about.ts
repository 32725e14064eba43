import type { AboutInfo, Licences, OpenFolderResult } from '@shared/contract'
import { call } from '@renderer/api/client'

/** 设置 → 关于's calls (views/about/AboutView.vue; main's side: src/main/core/about.ts). */
export const loadAbout = (): Promise<AboutInfo> => call('app.about')
export const loadLicences = (): Promise<Licences> => call('app.licences')
export const openDataFolder = (): Promise<OpenFolderResult> => call('app.openDataFolder')
