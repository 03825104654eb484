import { createI18n } from 'vue-i18n'

const en = {
  app: 'Layerlab', lessons: 'Lessons', graph: 'Graph', graphText: 'Graph as text', terminal: 'Terminal',
  simulator: 'Simulator', live: 'Docker', family: 'Family', stack: 'Stack', isolation: 'Isolation',
  theme: 'Theme', stepDone: '✓ step done', next: 'Next step', hint: 'Show a hint', showMe: 'Show me', reset: 'Reset',
  kinds: { kernel: 'kernel (layer 0)', layer: 'read-only layer', image: 'image', tag: 'tag', container: 'container', writable: 'writable layer' },
  disconnected: 'Connection lost — reconnecting…',
  explain: {
    run: '{cmd} added a writable layer on top of {image} (container {name})', create: '{cmd} created container {name} with a writable layer on {image}',
    pull: '{cmd}: image {image} arrived with {layers} new read-only layers', build: '{cmd}: new image {image} with {layers} new layers',
    tagMoved: 'tag {tag} moved to image {image}', tagAdded: 'new tag {tag}', tagRemoved: 'tag {tag} removed', rm: 'container {name} and its writable layer are gone',
    rmi: 'image {image} removed ({layers} layers freed)', state: 'container {name}: {from} → {to}', changes: '{name} now has {count} changes in its writable layer', nothing: '{cmd} changed nothing in the graph',
  },
}
const zh: typeof en = {
  app: 'Layerlab', lessons: '课程', graph: '图', graphText: '图的文字版', terminal: '终端',
  simulator: '模拟器', live: 'Docker', family: '家族', stack: '层叠', isolation: '隔离',
  theme: '主题', stepDone: '✓ 本步完成', next: '下一步', hint: '显示提示', showMe: '演示给我看', reset: '重置',
  kinds: { kernel: '内核（第 0 层）', layer: '只读层', image: '镜像', tag: '标签', container: '容器', writable: '可写层' },
  disconnected: '连接已断开，正在重连…',
  explain: {
    run: '{cmd} 在 {image} 之上加了一个可写层（容器 {name}）', create: '{cmd} 在 {image} 上创建了容器 {name} 和它的可写层',
    pull: '{cmd}：镜像 {image} 到了，带来 {layers} 个新的只读层', build: '{cmd}：新镜像 {image}，新增 {layers} 层',
    tagMoved: '标签 {tag} 移到了镜像 {image}', tagAdded: '新标签 {tag}', tagRemoved: '标签 {tag} 已删除', rm: '容器 {name} 和它的可写层都没了',
    rmi: '镜像 {image} 已删除（释放 {layers} 层）', state: '容器 {name}：{from} → {to}', changes: '{name} 的可写层里现在有 {count} 处改动', nothing: '{cmd} 没有改变图',
  },
}
export const i18n = createI18n({ legacy: false, locale: 'en', fallbackLocale: 'en', messages: { en, 'zh-CN': zh } })
