import { describe, expect, it } from 'vitest'
import { formatG, humanDuration, humanSize } from './units'

describe('go-units', () => {
  it.each([
    [0, '0B'],
    [999, '999B'],
    [1000, '1kB'],
    [1982256, '1.98MB'],
    [72_900_000, '72.9MB'],
    [1_234_567_890, '1.23GB'],
    [999_500, '1e+03kB'], // Go's %.3g of 999.5
    [10_500, '10.5kB'],
  ])('HumanSizeWithPrecision(%d, 3) = %s', (n, text) => {
    expect(humanSize(n)).toBe(text)
    expect(humanSize(n)).toBe(text) // cached
  })

  it('HumanSize (precision 4) for the build context', () => {
    expect(humanSize(2048, 4)).toBe('2.048kB')
    expect(humanSize(12_345_678, 4)).toBe('12.35MB')
  })

  it("formats like Go's %g", () => {
    expect(formatG(0.0001234, 3)).toBe('0.000123')
    expect(formatG(0.00001234, 3)).toBe('1.23e-05')
    expect(formatG(123456, 3)).toBe('1.23e+05')
    expect(formatG(100, 3)).toBe('100')
    expect(formatG(1.5, 3)).toBe('1.5')
  })

  // a few rows of units.ts alone; sim/property.test.ts runs go-units' whole table through the simulator's humanize.ts
  it.each([
    [0, 'Less than a second'],
    [1000, '1 second'],
    [60_000, 'About a minute'],
    [120_000, '2 minutes'],
    [60 * 60_000, 'About an hour'],
    [48 * 3600_000, '2 days'],
    [730 * 24 * 3600_000, '2 years'],
  ])('HumanDuration(%d ms) = %s', (ms, text) => {
    expect(humanDuration(ms)).toBe(text)
  })
})
