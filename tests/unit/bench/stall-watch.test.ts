import { describe, expect, it } from 'vitest'
import { FROZEN_SLACK_MS, mainsPart, report, type Gap, type MainStall } from '../../../scripts/lib/stall-watch'

// Intervals in µs on one clock, as scripts/lib/stall-watch.ts records them; `ranMs` as a frozen CPU charges it.
const ms = (n: number) => n * 1000
const stall = (fromMs: number, toMs: number, cpu: number | undefined): MainStall => ({
  from: ms(fromMs),
  to: ms(toMs),
  ranMs: toMs - fromMs,
  cpu,
})
const gap = (fromMs: number, toMs: number): Gap => ({ from: ms(fromMs), to: ms(toMs) })

describe('a stall of main told apart from a stopped CPU', () => {
  it('counts a stall in full when no control process stopped', () => {
    expect(mainsPart(stall(0, 101, 0), [[], []])).toBe(100)
  })

  it("puts a stall down to the machine when main's CPU stopped over all of it", () => {
    expect(mainsPart(stall(10, 111, 0), [[gap(8, 112)], []])).toBe(0)
  })

  it('leaves main what the stop does not cover', () => {
    // Main was late 100 ms; its CPU stopped 97 of them: 3 ms are still main's.
    expect(mainsPart(stall(0, 101, 1), [[], [gap(4, 101)]])).toBeCloseTo(3)
  })

  it('counts it in full when main was busy and the CPU that stopped is not the one it was on', () => {
    expect(mainsPart(stall(0, 101, 0), [[], [gap(0, 101)]])).toBe(100)
  })

  it('puts it down to the machine when main was idle through it and another CPU stopped over all of it', () => {
    // Woken onto the stopped CPU's queue, pulled to the other one later: ran 0 ms, ended on cpu1.
    expect(mainsPart({ ...stall(0, 54, 1), ranMs: 0, waitedMs: 42 }, [[gap(-1, 100)], []])).toBe(0)
    expect(mainsPart({ ...stall(0, 54, 1), ranMs: FROZEN_SLACK_MS + 1 }, [[gap(-1, 100)], []])).toBe(53)
  })

  it("counts it in full when the stop covers too little of it, or main's CPU is not known", () => {
    expect(mainsPart(stall(0, 101, 0), [[gap(0, 60), gap(62, 101)]])).toBe(100)
    expect(mainsPart(stall(0, 101, undefined), [[gap(0, 101)], [gap(0, 101)]])).toBe(100)
    expect(mainsPart(stall(0, 101, 2), [[gap(0, 101)], [gap(0, 101)]])).toBe(100)
  })

  it('reports the worst of a stretch, and only the CPU stops inside it', () => {
    const r = report([{ span: gap(0, 300), stalls: [stall(0, 41, 0), stall(100, 201, 0)] }], [[gap(100, 201), gap(500, 700)]])
    expect(r).toEqual({ mainMs: 40, rawMs: 100, cpuStopMs: 100 })
  })
})
