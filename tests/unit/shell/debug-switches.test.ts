import { describe, expect, it } from 'vitest'
import { debugSwitchRefusal, debugSwitchesIn } from '../../../src/main/shell/debug-switches'

const EXE = '/opt/工行数字钱包/icbc-wallet'

describe('debugSwitchesIn: the switches that open the app to a debugger', () => {
  it.each([
    ['--remote-debugging-port=9222', 'remote-debugging-port'],
    ['--remote-debugging-port', 'remote-debugging-port'],
    ['--remote-debugging-pipe', 'remote-debugging-pipe'],
    ['--remote-debugging-pipe=cbor', 'remote-debugging-pipe'],
    ['--inspect', 'inspect'],
    ['--inspect=9229', 'inspect'],
    ['--inspect=0.0.0.0:9229', 'inspect'],
    ['--inspect-brk', 'inspect-brk'],
    ['--inspect-brk=127.0.0.1:9229', 'inspect-brk'],
    ['--inspect-port=9229', 'inspect-port'],
    ['--inspect-port', 'inspect-port'],
    ['--inspect-wait', 'inspect-wait'],
    ['--inspect-brk-node', 'inspect-brk-node'],
    // Node reads an underscore in an option's name as a dash; Chromium takes one dash as well as two.
    ['--inspect_brk', 'inspect-brk'],
    ['-remote-debugging-port=9222', 'remote-debugging-port'],
    ['-inspect', 'inspect'],
    ['--Remote-Debugging-Port=9222', 'remote-debugging-port'],
    ['--INSPECT', 'inspect'],
  ])('finds %s', (arg, name) => {
    expect(debugSwitchesIn([EXE, arg], 'linux')).toEqual([name])
  })

  it('finds a switch whose value is the next argument, and every switch given', () => {
    expect(debugSwitchesIn([EXE, '--inspect-port', '9229', '--remote-debugging-port', '9222'], 'linux')).toEqual([
      'inspect-port',
      'remote-debugging-port',
    ])
  })

  it("takes Windows' slash switches on Windows only (there Chromium reads /name as --name)", () => {
    expect(debugSwitchesIn(['C:\\icbc-wallet.exe', '/remote-debugging-port=9222'], 'win32')).toEqual(['remote-debugging-port'])
    expect(debugSwitchesIn(['/usr/bin/icbc-wallet', '/remote-debugging-port=9222'], 'linux')).toEqual([])
  })

  it('leaves everything else alone: the executable, deep links, other switches, lookalikes', () => {
    expect(
      debugSwitchesIn(
        [
          '/usr/bin/inspect',
          'icbc-wallet://pay?order=--inspect',
          '--remote-debugging-address=127.0.0.1',
          '--inspector',
          '--no-sandbox',
          '--lang=zh-CN',
          'inspect',
        ],
        'linux',
      ),
    ).toEqual([])
  })
})

describe('debugSwitchRefusal: what a packaged app does about them', () => {
  it('refuses a packaged app with any of them, in Chinese and English, naming the switches', () => {
    const refusal = debugSwitchRefusal({
      isPackaged: true,
      argv: [EXE, '--inspect-brk=9229', '--remote-debugging-pipe'],
      platform: 'linux',
      env: {},
    })
    expect(refusal?.switches).toEqual(['inspect-brk', 'remote-debugging-pipe'])
    expect(refusal?.message).toMatch(/调试/)
    expect(refusal?.message).toMatch(/debugging/i)
    expect(refusal?.message).toContain('--inspect-brk')
    expect(refusal?.message).toContain('--remote-debugging-pipe')
    expect(refusal?.exitCode).not.toBe(0)
  })

  it('refuses the inspector asked for through NODE_OPTIONS as well', () => {
    const refusal = debugSwitchRefusal({
      isPackaged: true,
      argv: [EXE],
      platform: 'linux',
      env: { NODE_OPTIONS: '--max-old-space-size=512 --inspect=9229' },
    })
    expect(refusal?.switches).toEqual(['inspect'])
  })

  it('lets a packaged app start without them', () => {
    expect(
      debugSwitchRefusal({ isPackaged: true, argv: [EXE, 'icbc-wallet://pay?id=1'], platform: 'linux', env: {} }),
    ).toBeUndefined()
    expect(
      debugSwitchRefusal({
        isPackaged: true,
        argv: [EXE],
        platform: 'darwin',
        env: { NODE_OPTIONS: '--max-old-space-size=512' },
      }),
    ).toBeUndefined()
  })

  it('lets a developer debug an unpackaged build', () => {
    expect(
      debugSwitchRefusal({
        isPackaged: false,
        argv: [EXE, '--inspect', '--remote-debugging-port=9222'],
        platform: 'linux',
        env: {},
      }),
    ).toBeUndefined()
  })
})
