#!/usr/bin/env node
// npm run fuzz:differential -- [--runs N] [--seed S] [--length L]
// Generated docker sessions against the real daemon (test/differential/generated.test.ts), longer
// than CI's fixed-seed run: each session runs with the docker CLI, on the simulator and over the
// live engine, compared strictly; a difference is shrunk to the shortest session that still differs.
import { spawnSync } from 'node:child_process'
import { parseArgs } from 'node:util'

const { values } = parseArgs({ options: { runs: { type: 'string' }, seed: { type: 'string' }, length: { type: 'string' } } })
for (const [k, v] of Object.entries(values)) {
  if (!/^\d+$/.test(v)) {
    console.error(`fuzz:differential: --${k} takes a whole number, not ${JSON.stringify(v)}`)
    process.exit(2)
  }
}
const env = { ...process.env }
if (values.runs) env.LAYERLAB_GEN_RUNS = values.runs
if (values.seed) env.LAYERLAB_GEN_SEED = values.seed
if (values.length) env.LAYERLAB_GEN_LENGTH = values.length
const r = spawnSync('npx', ['vitest', 'run', 'test/differential/generated.test.ts'], { stdio: 'inherit', env })
process.exit(r.status ?? 1)
