import type about from './about.zh-CN'

/** Settings → About (src/renderer/src/views/about). */
const aboutEn: typeof about = {
  title: 'About',
  subtitle: 'Version, data folder and open-source licences',
  entry: 'Version, data folder, customer hotline and open-source licences',
  app: 'Application',
  name: 'Name',
  version: 'Version',
  shell: 'Running in',
  runtimes: 'Runtimes',
  dataTitle: 'Data folder',
  dataExplain: "The wallet's encrypted data, its automatic backups and the built-in mock bank's data are kept in this folder. Do not edit its files by hand.",
  openFolder: 'Open folder',
  opened: 'Opened in the file manager',
  openUnavailable: 'The file manager cannot be opened from here. Go to the path above yourself.',
  openFailed: 'Could not open the folder: {reason}',
  hotlineTitle: 'Customer hotline',
  hotlineExplain: 'For questions about your account, transactions or the wallet, call ICBC customer service.',
  licencesTitle: 'Open-source licences',
  licencesIntro: 'This app includes the following open-source software ({n} packages), used under their licences. Expand one to read its licence.',
  licencesMissing: 'This build carries no list of open-source licences (it was not generated at build time).',
  licencesLoading: 'Reading the licence list…',
  licencesFilter: 'Filter by name',
  licencesNone: 'No package name contains "{q}".',
  noText: 'This package ships no licence file; its licence is {licence}.',
  parts: { main: 'main process', preload: 'preload script', renderer: 'interface', node_modules: 'shipped dependency' },
  loadFailed: 'Could not read the app information: {message}',
}

export default aboutEn
