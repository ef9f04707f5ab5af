// UI language: English or Dutch. The browser's preferred languages pick the default.
import { MESSAGES } from './messages.js';

export const LANGUAGES = Object.keys(MESSAGES);
const NUMBER_LOCALES = { en: 'en-US', nl: 'nl-NL' };

export function preferredLanguage(browserLanguages = []) {
  for (const tag of browserLanguages) {
    const language = String(tag).toLowerCase().split('-')[0];
    if (LANGUAGES.includes(language)) return language;
  }
  return 'en';
}

export function numberLocale(language) {
  return NUMBER_LOCALES[language] ?? NUMBER_LOCALES.en;
}

// The message `key` in `language` with its {placeholders} filled; English when missing.
export function translate(language, key, values = {}) {
  const template = MESSAGES[language]?.[key] ?? MESSAGES.en[key] ?? key;
  return template.replace(/\{(\w+)\}/g, (match, name) => (name in values ? String(values[name]) : match));
}

// The chart texts (see charts/text.js DEFAULT_TEXT) in `language`.
export function chartText(language) {
  const prefix = 'chart.';
  return Object.fromEntries(
    Object.keys(MESSAGES.en)
      .filter((key) => key.startsWith(prefix))
      .map((key) => [key.slice(prefix.length), translate(language, key)]),
  );
}

// Static page text: elements with data-i18n get their textContent; data-i18n-title and
// data-i18n-label fill the title and aria-label attributes.
export function translatePage(root, language) {
  root.documentElement?.setAttribute('lang', language);
  for (const node of root.querySelectorAll('[data-i18n]')) node.textContent = translate(language, node.dataset.i18n);
  for (const node of root.querySelectorAll('[data-i18n-title]')) node.title = translate(language, node.dataset.i18nTitle);
  for (const node of root.querySelectorAll('[data-i18n-label]')) {
    node.setAttribute('aria-label', translate(language, node.dataset.i18nLabel));
  }
}
