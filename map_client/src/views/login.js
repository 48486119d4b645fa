// The sign-in page is rendered by Django; this only brings the shared look and keeps the
// language choice in step with the map pages.
import '../css/base.css';
import '../css/login.css';
import { persistLang } from '../core/i18n.js';

const lang = document.documentElement.lang === 'en' ? 'en' : 'zh';
persistLang(lang);
document.querySelector('.login-lang')?.addEventListener('click', () => persistLang(lang === 'en' ? 'zh' : 'en'));
