// Renders build/icon.svg to the PNG sizes electron-builder uses (build/icons/NxN.png, build/icon.png).
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs'
import { Resvg } from '@resvg/resvg-js'

const svg = readFileSync('build/icon.svg')
mkdirSync('build/icons', { recursive: true })
for (const size of [16, 24, 32, 48, 64, 128, 256, 512, 1024]) {
  const png = new Resvg(svg, { fitTo: { mode: 'width', value: size } }).render().asPng()
  writeFileSync(`build/icons/${size}x${size}.png`, png)
  if (size === 1024) writeFileSync('build/icon.png', png)
}
console.log('icons written to build/icons and build/icon.png')
