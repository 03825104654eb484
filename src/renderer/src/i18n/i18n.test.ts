import { describe, expect, it } from 'vitest'
import { i18n, loadMessages, loadPanelMessages } from '.'
import en from './en-all'
import enFirst from './en'
import enPanels from './en-panels'
import zhCN from './zh-CN'
import { CONFIRM_ACTIONS, ENDPOINT_ERRORS, PROBE_REASONS } from '../../../shared/contract'
import { DETAIL_CODES } from '../engineBadge'

/** every key path of a message tree */
const keys = (o: object, at = ''): string[] =>
  Object.entries(o).flatMap(([k, v]) => (typeof v === 'object' && v ? keys(v, `${at}${k}.`) : [`${at}${k}`]))

describe('UI messages', () => {
  it('have the same keys in en and zh-CN', () => {
    expect(keys(zhCN).sort()).toEqual(keys(en).sort())
    // en.ts and en-panels.ts split the English keys without overlap
    expect(keys(enFirst).length + keys(enPanels).length).toBe(keys(en).length)
  })

  it('word every action the live guard can ask about, in both languages (the dialog shows no code)', () => {
    for (const a of CONFIRM_ACTIONS) {
      expect(en.confirm.actions[a], `en confirm.actions.${a}`).toMatch(/^[A-Z]/)
      expect(zhCN.confirm.actions[a], `zh-CN confirm.actions.${a}`).toMatch(/[\u4e00-\u9fff]/)
    }
    expect(Object.keys(en.confirm.actions).sort()).toEqual([...CONFIRM_ACTIONS].sort())
  })

  it('word every engine probe reason code in both languages (settings dialog and badge), and every detail line', () => {
    const han = /[\u4e00-\u9fff]/
    for (const c of PROBE_REASONS) {
      expect(en.settings.reasons[c], `en settings.reasons.${c}`).toMatch(/^[A-Za-z]/)
      expect(zhCN.settings.reasons[c], `zh-CN settings.reasons.${c}`).toMatch(han)
      expect(en.badge.reasons[c], `en badge.reasons.${c}`).toMatch(/^[A-Za-z]/)
      expect(zhCN.badge.reasons[c], `zh-CN badge.reasons.${c}`).toMatch(han)
    }
    expect(Object.keys(en.settings.reasons).sort()).toEqual([...PROBE_REASONS].sort())
    expect(Object.keys(en.badge.reasons).sort()).toEqual([...PROBE_REASONS].sort())
    for (const c of DETAIL_CODES) {
      expect(en.settings.details[c], `en settings.details.${c}`).toMatch(/^[A-Z{]/)
      expect(zhCN.settings.details[c], `zh-CN settings.details.${c}`).toMatch(han)
      // the same parameters in both languages
      const params = (m: string) => (m.match(/\{\w+\}/g) ?? []).sort()
      expect(params(zhCN.settings.details[c]), c).toEqual(params(en.settings.details[c]))
    }
    expect(Object.keys(en.settings.details).sort()).toEqual([...DETAIL_CODES].sort())
  })

  it('word every way an endpoint can be malformed in both languages, with the same parameters', () => {
    const params = (m: string) => (m.match(/\{\w+\}/g) ?? []).sort()
    for (const c of ENDPOINT_ERRORS) {
      expect(en.settings.endpointErrors[c], `en settings.endpointErrors.${c}`).toMatch(/^[A-Z]/)
      expect(zhCN.settings.endpointErrors[c], `zh-CN settings.endpointErrors.${c}`).toMatch(/[\u4e00-\u9fff]/)
      expect(params(zhCN.settings.endpointErrors[c]), c).toEqual(params(en.settings.endpointErrors[c]))
    }
    expect(Object.keys(en.settings.endpointErrors).sort()).toEqual([...ENDPOINT_ERRORS].sort())
    expect(params(en.settings.endpointErrors.scheme)).toEqual(['{scheme}'])
    // host names the scheme typed (tcp, http or https), not always tcp
    expect(params(en.settings.endpointErrors.host)).toEqual(['{scheme}', '{scheme}'])
  })

  it('say the endpoint formats once in the settings dialog: under the field (typeHelp), not again in the malformed row', () => {
    for (const m of [en, zhCN]) {
      const formats = m.settings.typeHelp.split(/,\s*|、|\s+or\s+|\s+或\s+/)
      expect(formats).toHaveLength(3)
      for (const format of formats) expect(m.settings.reasons.malformed).not.toContain(format)
    }
  })

  it('start with English only; Chinese is loaded on demand, once, and then used', async () => {
    expect(i18n.global.availableLocales).toEqual(['en'])
    const a = loadMessages('zh-CN')
    const b = loadMessages('zh-CN')
    await Promise.all([a, b])
    expect(i18n.global.availableLocales.sort()).toEqual(['en', 'zh-CN'])
    i18n.global.locale.value = 'zh-CN'
    expect(i18n.global.t('lessons')).toBe(zhCN.lessons)
    expect(i18n.global.t('undone', { line: 'docker rm web', n: 2 })).toBe(zhCN.undone.replace('{line}', 'docker rm web').replace('{n}', '2'))
    i18n.global.locale.value = 'en'
    expect(i18n.global.t('lessons')).toBe('Lessons')
    await loadMessages('en') // always there
  })

  it("start without the panels' English messages; opening a panel merges them in, next to the first screen's", async () => {
    const t = i18n.global.t
    i18n.global.locale.value = 'en'
    expect(t('settings.title')).toBe('settings.title') // not there yet: vue-i18n shows the key
    await Promise.all([loadPanelMessages(), loadPanelMessages()])
    expect(t('settings.title')).toBe(en.settings.title)
    expect(t('settings.open')).toBe(en.settings.open)
    expect(t('files.layerN', { n: 2 })).toBe('Layer 2')
    expect(t('lessons')).toBe('Lessons')
  })
})
