import { describe, expect, it } from 'vitest';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { acceptLanguage, DOMAINS, LANGS, mergeMessages, messageKeys, normaliseLang, pick, resolveLang, setLang, t } from '../src/core/i18n.js';

const I18N_DIR = join(import.meta.dirname, '..', 'src', 'i18n');

describe('i18n', () => {
  it('defaults to Simplified Chinese', () => {
    expect(resolveLang('', null)).toBe('zh');
    expect(t('appTitle', 'zh')).toBe('长宁区应急管理一张图');
  });

  it('takes ?lang= over the stored choice, the stored choice over the default', () => {
    expect(resolveLang('?lang=en', 'zh')).toBe('en');
    expect(resolveLang('?lang=zh-Hans', 'en')).toBe('zh');
    expect(resolveLang('', 'en')).toBe('en');
    expect(resolveLang('?lang=fr', 'en')).toBe('en');
    expect(normaliseLang('EN-us')).toBe('en');
  });

  it('has every message in both languages', () => {
    expect(messageKeys('en').sort()).toEqual(messageKeys('zh').sort());
  });

  it('picks {zh, en} pairs as the API sends them, falling back to Chinese', () => {
    expect(pick({ zh: '避难场所', en: 'Shelter' }, 'en')).toBe('Shelter');
    expect(pick({ zh: '避难场所', en: '' }, 'en')).toBe('避难场所');
    expect(pick('plain', 'en')).toBe('plain');
    expect(pick(null)).toBe('');
  });

  it('tells the server which language to answer in', () => {
    expect(acceptLanguage('zh')).toBe('zh-hans');
    expect(acceptLanguage('en')).toBe('en');
    setLang('en');
    expect(t('layers')).toBe('Layers');
    setLang('zh');
    expect(t('layers')).toBe('图层');
    expect(t('no-such-key')).toBe('no-such-key');
  });

  it('merges every domain module in src/i18n/, each key defined by one domain only', () => {
    const files = readdirSync(I18N_DIR).filter((f) => f.endsWith('.js')).map((f) => f.replace(/\.js$/, '')).sort();
    expect(Object.keys(DOMAINS).sort()).toEqual(files);
    const { messages, owner, duplicates } = mergeMessages(DOMAINS);
    expect(duplicates).toEqual([]);
    const total = Object.values(DOMAINS).reduce((n, entries) => n + Object.keys(entries).length, 0);
    expect(Object.keys(owner)).toHaveLength(total);
    expect(owner.appTitle).toBe('common');
    expect(owner.pickLayer).toBe('editor');
    expect(Object.keys(messages.zh)).toHaveLength(total);
  });

  it('has every key in Chinese first, then English, both non-empty', () => {
    for (const [domain, entries] of Object.entries(DOMAINS)) {
      for (const [key, texts] of Object.entries(entries)) {
        expect(Object.keys(texts), `${domain}.${key}`).toEqual(LANGS);
        for (const l of LANGS) expect(typeof texts[l] === 'string' && texts[l].length > 0, `${domain}.${key}.${l}`).toBe(true);
      }
    }
  });

  it('reports a key two domains both define', () => {
    const { duplicates, messages } = mergeMessages({ a: { x: { zh: '甲', en: 'A' } }, b: { x: { zh: '乙', en: 'B' }, y: { zh: '丙', en: 'C' } } });
    expect(duplicates).toEqual(['x: a, b']);
    expect(messages.en.y).toBe('C');
  });
});
