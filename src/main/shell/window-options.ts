/**
 * The main window's options (Electron security checklist). Pure: the shape matches Electron's
 * BrowserWindowConstructorOptions structurally and is checked where the window is created.
 */

export const APP_TITLE = '工行数字钱包'
export const DEFAULT_SIZE = { width: 1280, height: 800 } as const
export const MIN_SIZE = { width: 960, height: 640 } as const

export interface WindowOptionsExtras {
  /** Dev tools are available only when the app is not packaged. */
  devTools?: boolean
}

export function windowOptions(preloadPath: string, extras: WindowOptionsExtras = {}) {
  return {
    title: APP_TITLE,
    width: DEFAULT_SIZE.width,
    height: DEFAULT_SIZE.height,
    minWidth: MIN_SIZE.width,
    minHeight: MIN_SIZE.height,
    // Shown on ready-to-show, so the user never sees a blank or half-styled window.
    show: false,
    backgroundColor: '#f4f5f7',
    autoHideMenuBar: true,
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      spellcheck: false,
      navigateOnDragDrop: false,
      safeDialogs: true,
      devTools: extras.devTools === true,
    },
  } as const
}
