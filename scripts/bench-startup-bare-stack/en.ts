// compiled at build time like Layerlab's messages (src/renderer/src/i18n/en.ts)
export default { lessons: 'Lessons' }
