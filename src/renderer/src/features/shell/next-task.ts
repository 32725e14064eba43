/**
 * Resolves in a task of its own (after the page's pending work, a frame or an input event may come first).
 * Work that follows a paint is split with it into short tasks instead of one long one: a click, or a
 * navigation that replaces the page, then waits for one short task at most (the page's main thread runs
 * one task at a time and cannot leave one midway).
 */
export const nextTask = (): Promise<void> => new Promise<void>((resolve) => setTimeout(resolve, 0))
