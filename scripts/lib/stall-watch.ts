/**
 * Main's event-loop stalls during a benchmark, told apart from the machine's own (scripts/bench-backup.ts).
 *
 * On the reference machine (a 2-core virtual machine) a virtual CPU is at times stopped by its host for
 * about 100 ms, most often while both cores are busy: every thread on it stops, whatever its priority,
 * our own or not. Seen with a C program sleeping 1 ms at a time, one thread pinned to each CPU, alongside
 * two busy loops of `node -e` at nice 10: a 100 ms gap on one CPU while the other ran on; with both busy
 * loops pinned to one CPU instead (at nice 0), no gap over 21 ms in 30 s on either. The guest has no
 * steal-time count, so a stop is charged to whichever thread was running: main's schedstat can show it
 * "ran" 100 ms it never had. A stall of main that such a stop explains is not main being kept busy, so
 * the bench counts it apart:
 *
 *   - a control process per CPU (`taskset -c <cpu> node`, a 1 ms timer at nice 0) notes every gap of its
 *     own; no thread of ours can hold it off that long (none runs at a real-time priority);
 *   - main's own 1 ms timer notes each stall, with the CPU main was on when it ended (and, for --stalls,
 *     what main ran and waited of it: `/proc/self/task/<pid>/schedstat`);
 *   - a stall is put down to the machine only when a control process was stopped over all but
 *     FROZEN_SLACK_MS of it, pinned either to the CPU main was on or, where main ran at most
 *     FROZEN_SLACK_MS of the stall, to any CPU: main was then not busy but held by the stopped CPU (asleep
 *     with its timer there, or woken onto its run queue and pulled to the other CPU only later: seen as
 *     "ran 0 ms, waited 42 ms" with the other CPU stopped). What the stop leaves of the stall still counts
 *     as main's; any other stall counts in full.
 *
 * Without taskset or /proc (off Linux) there are no control processes and every stall counts in full.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { cpus } from 'node:os'

/** An interval on the monotonic clock, in microseconds (process.hrtime, the same clock in every process). */
export interface Gap {
  from: number
  to: number
}
export interface MainStall extends Gap {
  /** Main's CPU time during it as the kernel counts it, ms (undefined where schedstat cannot be read). */
  ranMs: number | undefined
  /** How long main was ready to run but waited for a CPU meanwhile, ms (undefined likewise). */
  waitedMs?: number | undefined
  /** The CPU main was on when the stall ended (undefined where /proc cannot tell). */
  cpu?: number | undefined
}
/** Timer lateness smaller than this is not recorded (the goal is 50 ms). */
const NOTE_MS = 15
/** How much of a stall a CPU's stop may leave uncovered, and main may run of it, for it to be the machine's. */
export const FROZEN_SLACK_MS = 5

export const nowUs = () => Number(process.hrtime.bigint() / 1000n)

/** The control process's source: a 1 ms timer that prints each late tick as "from to" (µs, monotonic). */
const CONTROL = `
let last = process.hrtime.bigint()
const tick = () => {
  const now = process.hrtime.bigint()
  if (now - last > ${NOTE_MS + 1}_000_000n) process.stdout.write((last / 1000n) + ' ' + (now / 1000n) + '\\n')
  last = now
  setTimeout(tick, 1)
}
setTimeout(tick, 1)
`

/** One control process per CPU, each pinned to it; `stop` ends them and answers the gaps each saw. */
export function watchCpus(): { stop(): Promise<Gap[][]>; pinned: boolean } {
  const usable = process.platform === 'linux' && spawnSync('taskset', ['-V']).status === 0
  if (!usable) return { pinned: false, stop: async () => [] }
  const children: { child: ChildProcess; gaps: Gap[] }[] = cpus().map((_, cpu) => {
    const child = spawn('taskset', ['-c', String(cpu), process.execPath, '-e', CONTROL], {
      stdio: ['ignore', 'pipe', 'inherit'],
    })
    const gaps: Gap[] = []
    let rest = ''
    child.stdout!.setEncoding('utf8').on('data', (text: string) => {
      const lines = (rest + text).split('\n')
      rest = lines.pop()!
      for (const line of lines) {
        const [from, to] = line.split(' ').map(Number)
        if (Number.isFinite(from) && Number.isFinite(to)) gaps.push({ from: from!, to: to! })
      }
    })
    return { child, gaps }
  })
  let stopped: Promise<Gap[][]> | undefined
  return {
    pinned: true,
    stop: () =>
      (stopped ??= Promise.all(
        children.map(
          ({ child, gaps }) =>
            new Promise<Gap[]>((done) => {
              if (child.exitCode !== null || child.signalCode !== null) return done(gaps)
              child.once('exit', () => done(gaps))
              child.kill()
            }),
        ),
      )),
  }
}

/** Main's CPU time and its time waiting for a CPU so far, ms, from the kernel's count for its thread. */
function mainSched(): [number, number] | undefined {
  try {
    const [ran, waited] = readFileSync(`/proc/self/task/${process.pid}/schedstat`, 'utf8').split(' ').map(Number)
    return [ran! / 1e6, waited! / 1e6]
  } catch {
    return undefined
  }
}

/** The CPU main's thread is on: field 39 of its /proc stat line (the fields after the name's closing bracket start at 3). */
function mainCpu(): number | undefined {
  try {
    const line = readFileSync(`/proc/self/task/${process.pid}/stat`, 'utf8')
    const cpu = Number(line.slice(line.lastIndexOf(')') + 2).split(' ')[39 - 3])
    return Number.isInteger(cpu) ? cpu : undefined
  } catch {
    return undefined
  }
}

/** Main's 1 ms timer from now until `stop`: each stall longer than NOTE_MS with what main ran of it. */
export function watchMain(): { stop(): MainStall[] } {
  const stalls: MainStall[] = []
  let last = nowUs()
  let sched = mainSched()
  let timer: NodeJS.Timeout
  const tick = () => {
    const now = nowUs()
    const schedNow = mainSched()
    if (now - last > (NOTE_MS + 1) * 1000) {
      const known = sched !== undefined && schedNow !== undefined
      stalls.push({
        from: last,
        to: now,
        ranMs: known ? schedNow[0] - sched![0] : undefined,
        waitedMs: known ? schedNow[1] - sched![1] : undefined,
        cpu: mainCpu(),
      })
    }
    last = now
    sched = schedNow
    timer = setTimeout(tick, 1)
  }
  timer = setTimeout(tick, 1)
  return {
    stop: () => {
      clearTimeout(timer)
      return stalls
    },
  }
}

/** How long a stall kept main's event loop waiting past its 1 ms timer, ms. */
export const lateMs = (g: Gap) => (g.to - g.from) / 1000 - 1

/** The part of a stall main is answerable for: all of it, unless a CPU stop explains it (see above). */
export function mainsPart(stall: MainStall, cpuGaps: readonly (readonly Gap[])[]): number {
  const late = lateMs(stall)
  // Main idle through it (asleep with its timer on the stopped CPU, or queued there) or on that CPU itself.
  const held = stall.ranMs !== undefined && stall.ranMs <= FROZEN_SLACK_MS
  let covered = 0
  for (const [cpu, stops] of cpuGaps.entries()) {
    if (!held && cpu !== stall.cpu) continue
    for (const g of stops) covered = Math.max(covered, (Math.min(g.to, stall.to) - Math.max(g.from, stall.from)) / 1000)
  }
  return covered >= late - FROZEN_SLACK_MS ? Math.max(0, late - covered) : late
}

/** A watched stretch: its span and main's stalls in it. */
export interface Stretch {
  span: Gap
  stalls: MainStall[]
}

/** The worst of some watched stretches: main's own part, the raw stall, and the longest CPU stop in them. */
export interface StallReport {
  mainMs: number
  rawMs: number
  cpuStopMs: number
}

export function report(stretches: readonly Stretch[], cpuGaps: readonly (readonly Gap[])[]): StallReport {
  const worst: StallReport = { mainMs: 0, rawMs: 0, cpuStopMs: 0 }
  for (const { span, stalls } of stretches) {
    const inside = cpuGaps.map((gaps) => gaps.filter((g) => g.to > span.from && g.from < span.to))
    worst.mainMs = Math.max(worst.mainMs, ...stalls.map((s) => mainsPart(s, inside)))
    worst.rawMs = Math.max(worst.rawMs, ...stalls.map(lateMs))
    worst.cpuStopMs = Math.max(worst.cpuStopMs, ...inside.flat().map(lateMs))
  }
  return worst
}

/** One stall for a reader (scripts/bench-backup.ts --stalls): what main did of it and the CPU stops alongside. */
export function describeStall(stall: MainStall, cpuGaps: readonly (readonly Gap[])[]): string {
  const stops = cpuGaps.flatMap((gaps, cpu) =>
    gaps
      .filter((g) => g.to > stall.from && g.from < stall.to)
      .map((g) => `cpu${cpu} ${lateMs(g).toFixed(0)} ms from ${((g.from - stall.from) / 1000).toFixed(0)}`),
  )
  const known = (ms: number | undefined) => ms?.toFixed(0) ?? '?'
  return (
    `stall ${lateMs(stall).toFixed(0)} ms, main on cpu${stall.cpu ?? '?'} ran ${known(stall.ranMs)} ms of it and ` +
    `waited ${known(stall.waitedMs)}; stops: ${stops.join(', ') || 'none'}`
  )
}
