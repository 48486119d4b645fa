import { describe, expect, it } from 'vitest';
import { acceptLanguage, messageKeys, normaliseLang, pick, resolveLang, setLang, t } from '../src/core/i18n.js';

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
});
