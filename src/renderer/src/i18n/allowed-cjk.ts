/**
 * Chinese that the English messages (en-US) may hold on purpose. Everything else the English screens
 * show in Chinese must be the bank's own names (tests/e2e/english.spec.ts reads those from the bank).
 */
export const EN_ALLOWED_CJK: readonly string[] = []
