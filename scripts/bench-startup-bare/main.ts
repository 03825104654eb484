// The baseline for `npm run bench:startup`: a bare Vite + Vue page with a list of lesson buttons,
// built by the same Vite and Vue plugin as Layerlab and served by the same server.
import { createApp, h } from 'vue'

const lessons = ['Image vs container', 'Layers', 'Tags', 'Run and exec', 'Volumes']
createApp({
  render: () =>
    h(
      'ul',
      lessons.map((l) => h('li', [h('button', { class: 'lesson' }, l)])),
    ),
}).mount('#app')
