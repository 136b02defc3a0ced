import { createContext, type ReactNode, useContext, useMemo, useState } from 'react';
import { zh } from './i18n/zh.js';
import { en } from './i18n/en.js';

export type Language = 'zh' | 'en';
export type MessageKey = keyof typeof zh;

const DICTIONARIES: Record<Language, Record<MessageKey, string>> = { zh, en };
const STORAGE_KEY = 'cw.language';

interface I18n {
  language: Language;
  setLanguage: (language: Language) => void;
  /** The text of a key, `{name}` placeholders filled from `values`. */
  t: (key: MessageKey, values?: Record<string, string | number>) => string;
  /** A vocabulary value's label (`status.ASSIGNED`, `category.bullying`), or the value itself. */
  label: (group: string, value: string | null | undefined) => string;
}

const I18nContext = createContext<I18n | null>(null);

/** Chinese first; the choice is kept in this browser (the language only, nothing about the person). */
function initialLanguage(): Language {
  return localStorage.getItem(STORAGE_KEY) === 'en' ? 'en' : 'zh';
}

export function I18nProvider({ children }: { children: ReactNode }) {
  const [language, setLanguageState] = useState<Language>(initialLanguage);
  const value = useMemo<I18n>(() => {
    const dictionary = DICTIONARIES[language];
    const t = (key: MessageKey, values?: Record<string, string | number>) =>
      dictionary[key].replace(/\{(\w+)\}/g, (_, name: string) => String(values?.[name] ?? ''));
    return {
      language,
      setLanguage: (next) => {
        localStorage.setItem(STORAGE_KEY, next);
        document.documentElement.lang = next === 'zh' ? 'zh-CN' : 'en';
        setLanguageState(next);
      },
      t,
      label: (group, value) => {
        if (!value) return '—';
        const key = `${group}.${value}`;
        return key in dictionary ? dictionary[key as MessageKey] : value;
      },
    };
  }, [language]);
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  const context = useContext(I18nContext);
  if (!context) throw new Error('useI18n outside I18nProvider');
  return context;
}
