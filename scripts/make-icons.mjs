// Renders the ONE icon source, build/icon.svg, to every file electron-builder uses:
//   build/icons/NxN.png (Linux: 16…1024), build/icon.png (1024), build/icon.ico (Windows),
//   build/icon.icns (macOS). Run `npm run icons` after editing the SVG and commit the results.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { Resvg } from '@resvg/resvg-js'
import png2icons from 'png2icons'

const buildDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../build')
export const SIZES = [16, 24, 32, 48, 64, 128, 256, 512, 1024]

const svg = readFileSync(path.join(buildDir, 'icon.svg'))
mkdirSync(path.join(buildDir, 'icons'), { recursive: true })

let png1024 = null
for (const size of SIZES) {
  const png = new Resvg(svg, { fitTo: { mode: 'width', value: size } }).render().asPng()
  writeFileSync(path.join(buildDir, 'icons', `${size}x${size}.png`), png)
  if (size === 1024) png1024 = png
}
writeFileSync(path.join(buildDir, 'icon.png'), png1024)

// png2icons downsizes the 1024 master itself; BICUBIC keeps the small sizes sharp, 0 = full colour
const ico = png2icons.createICO(png1024, png2icons.BICUBIC, 0, false, true)
const icns = png2icons.createICNS(png1024, png2icons.BICUBIC, 0)
if (!ico || !icns) {
  console.error('make-icons: png2icons could not convert build/icon.png (is it a valid RGBA PNG?)')
  process.exit(1)
}
writeFileSync(path.join(buildDir, 'icon.ico'), ico)
writeFileSync(path.join(buildDir, 'icon.icns'), icns)
console.log(`icons written: build/icons/{${SIZES.map((s) => `${s}x${s}`).join(',')}}.png, build/icon.png, build/icon.ico, build/icon.icns`)
