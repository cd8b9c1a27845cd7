import type { BookConfig } from '../../src/types.js';
import { primaryLanguage } from './language.js';

/**
 * Every word Folio writes into a book itself: headings of generated pages, navigation labels, credit lines and
 * the colophon. `{names}`, `{publisher}`, `{faces}`, `{title}` and `{marker}` are filled in where used.
 */
export interface GeneratedText {
  contents: string;
  notes: string;
  cover: string;
  coverOf: string;
  titlePage: string;
  copyright: string;
  halfTitle: string;
  landmarks: string;
  chapters: string;
  interviewedBy: string;
  editedBy: string;
  translatedBy: string;
  illustratedBy: string;
  with: string;
  /** Between names in a list, and before the last one. */
  listSeparator: string;
  and: string;
  publishedBy: string;
  colophon: string;
  note: string;
  backToNote: string;
}

const en: GeneratedText = {
  contents: 'Contents', notes: 'Notes', cover: 'Cover', coverOf: 'Cover: {title}', titlePage: 'Title page', copyright: 'Copyright',
  halfTitle: 'Half title', landmarks: 'Landmarks', chapters: 'Chapters', interviewedBy: 'Interviewed by {names}', editedBy: 'Edited by {names}',
  translatedBy: 'Translated by {names}', illustratedBy: 'Illustrated by {names}', with: 'With {names}', listSeparator: ', ', and: ' and ',
  publishedBy: 'Published by {publisher}', colophon: 'Typeset in {faces} with Folio.', note: 'Note {marker}', backToNote: 'Back to note {marker} reference',
};

/** The table, by language tag; a tag not here falls back to its primary language, then to English. */
export const translations: Record<string, GeneratedText> = {
  en,
  de: {
    contents: 'Inhalt', notes: 'Anmerkungen', cover: 'Umschlag', coverOf: 'Umschlag von {title}', titlePage: 'Titelseite', copyright: 'Impressum',
    halfTitle: 'Schmutztitel', landmarks: 'Orientierungspunkte', chapters: 'Kapitel', interviewedBy: 'Interview: {names}', editedBy: 'Herausgegeben von {names}',
    translatedBy: 'Übersetzt von {names}', illustratedBy: 'Illustriert von {names}', with: 'Mit {names}', listSeparator: ', ', and: ' und ',
    publishedBy: 'Verlag: {publisher}', colophon: 'Gesetzt aus der {faces} mit Folio.', note: 'Anmerkung {marker}', backToNote: 'Zurück zum Verweis auf Anmerkung {marker}',
  },
  fr: {
    contents: 'Table des matières', notes: 'Notes', cover: 'Couverture', coverOf: 'Couverture de {title}', titlePage: 'Page de titre', copyright: 'Droits',
    halfTitle: 'Faux-titre', landmarks: 'Repères', chapters: 'Chapitres', interviewedBy: 'Entretien mené par {names}', editedBy: 'Sous la direction de {names}',
    translatedBy: 'Traduit par {names}', illustratedBy: 'Illustré par {names}', with: 'Avec {names}', listSeparator: ', ', and: ' et ',
    publishedBy: 'Publié par {publisher}', colophon: 'Composé en {faces} avec Folio.', note: 'Note {marker}', backToNote: "Retour à l'appel de la note {marker}",
  },
  es: {
    contents: 'Índice', notes: 'Notas', cover: 'Cubierta', coverOf: 'Cubierta de {title}', titlePage: 'Portada', copyright: 'Créditos',
    halfTitle: 'Anteportada', landmarks: 'Puntos de referencia', chapters: 'Capítulos', interviewedBy: 'Entrevista de {names}', editedBy: 'Edición de {names}',
    translatedBy: 'Traducción de {names}', illustratedBy: 'Ilustraciones de {names}', with: 'Con {names}', listSeparator: ', ', and: ' y ',
    publishedBy: 'Publicado por {publisher}', colophon: 'Compuesto en {faces} con Folio.', note: 'Nota {marker}', backToNote: 'Volver a la llamada de la nota {marker}',
  },
  'zh-hans': {
    contents: '目录', notes: '注释', cover: '封面', coverOf: '《{title}》封面', titlePage: '书名页', copyright: '版权页',
    halfTitle: '简扉页', landmarks: '地标', chapters: '章节', interviewedBy: '采访：{names}', editedBy: '{names} 编',
    translatedBy: '{names} 译', illustratedBy: '{names} 绘', with: '合作：{names}', listSeparator: '、', and: '、',
    publishedBy: '出版：{publisher}', colophon: '本书以 {faces} 排印，由 Folio 制作。', note: '注 {marker}', backToNote: '返回注 {marker} 引用处',
  },
  'zh-hant': {
    contents: '目錄', notes: '註釋', cover: '封面', coverOf: '《{title}》封面', titlePage: '書名頁', copyright: '版權頁',
    halfTitle: '簡扉頁', landmarks: '地標', chapters: '章節', interviewedBy: '採訪：{names}', editedBy: '{names} 編',
    translatedBy: '{names} 譯', illustratedBy: '{names} 繪', with: '合作：{names}', listSeparator: '、', and: '、',
    publishedBy: '出版：{publisher}', colophon: '本書以 {faces} 排印，由 Folio 製作。', note: '註 {marker}', backToNote: '返回註 {marker} 引用處',
  },
  ja: {
    contents: '目次', notes: '注', cover: '表紙', coverOf: '『{title}』表紙', titlePage: '扉', copyright: '奥付',
    halfTitle: '小扉', landmarks: 'ランドマーク', chapters: '章', interviewedBy: 'インタビュー：{names}', editedBy: '{names} 編',
    translatedBy: '{names} 訳', illustratedBy: '{names} 絵', with: '協力：{names}', listSeparator: '、', and: '、',
    publishedBy: '発行：{publisher}', colophon: '組版：{faces}（Folio）', note: '注 {marker}', backToNote: '注 {marker} の参照箇所へ戻る',
  },
  ko: {
    contents: '차례', notes: '주', cover: '표지', coverOf: '《{title}》 표지', titlePage: '속표지', copyright: '판권',
    halfTitle: '약표제지', landmarks: '랜드마크', chapters: '장', interviewedBy: '인터뷰: {names}', editedBy: '{names} 엮음',
    translatedBy: '{names} 옮김', illustratedBy: '{names} 그림', with: '함께: {names}', listSeparator: ', ', and: ', ',
    publishedBy: '펴낸곳: {publisher}', colophon: '{faces} 글꼴로 Folio에서 조판했습니다.', note: '주 {marker}', backToNote: '주 {marker} 참조 위치로 돌아가기',
  },
  ar: {
    contents: 'المحتويات', notes: 'الهوامش', cover: 'الغلاف', coverOf: 'غلاف {title}', titlePage: 'صفحة العنوان', copyright: 'حقوق النشر',
    halfTitle: 'صفحة العنوان المختصر', landmarks: 'معالم', chapters: 'الفصول', interviewedBy: 'حاوره {names}', editedBy: 'تحرير {names}',
    translatedBy: 'ترجمة {names}', illustratedBy: 'رسوم {names}', with: 'بمشاركة {names}', listSeparator: '، ', and: ' و',
    publishedBy: 'الناشر: {publisher}', colophon: 'جُمع بخط {faces} باستخدام Folio.', note: 'الهامش {marker}', backToNote: 'العودة إلى موضع الهامش {marker}',
  },
  he: {
    contents: 'תוכן העניינים', notes: 'הערות', cover: 'כריכה', coverOf: 'כריכת {title}', titlePage: 'שער', copyright: 'זכויות יוצרים',
    halfTitle: 'שער מקדים', landmarks: 'ציוני דרך', chapters: 'פרקים', interviewedBy: 'ראיון: {names}', editedBy: 'עריכה: {names}',
    translatedBy: 'תרגום: {names}', illustratedBy: 'איורים: {names}', with: 'בהשתתפות {names}', listSeparator: ', ', and: ' ו',
    publishedBy: 'הוצאה לאור: {publisher}', colophon: 'סודר באות {faces} באמצעות Folio.', note: 'הערה {marker}', backToNote: 'חזרה להפניה להערה {marker}',
  },
};

/** Keys `book.yaml` may override under `text:`. */
export const generatedTextKeys = Object.keys(en) as Array<keyof GeneratedText>;

/**
 * The generated text for a language: `zh-Hant`, `zh-TW` and `zh-HK` take traditional characters, other Chinese
 * simplified; a language not in the table gets English. `overrides` (book.yaml `text:`) win.
 */
export function generatedText(language: string, overrides: Partial<GeneratedText> = {}): GeneratedText {
  const tag = language.toLowerCase();
  const primary = primaryLanguage(tag);
  const chinese = primary === 'zh' ? (/-(hant|tw|hk|mo)\b/.test(tag) ? 'zh-hant' : 'zh-hans') : undefined;
  const base = translations[chinese ?? tag] ?? translations[primary] ?? en;
  return { ...base, ...overrides };
}

/** The generated text of a book: its language, with its `text:` overrides. */
export function bookText(config: Pick<BookConfig, 'language' | 'text'>): GeneratedText {
  return generatedText(config.language, config.text);
}

/** Fills `{name}` placeholders. */
export function fill(template: string, values: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => values[name] ?? whole);
}

/** A list of names as the language writes it: `A and B`, `A, B and C`, `甲、乙、丙`, `أ، ب وج`. */
export function joinNames(names: string[], text: GeneratedText): string {
  if (names.length <= 1) return names.join('');
  return `${names.slice(0, -1).join(text.listSeparator)}${text.and}${names.at(-1)}`;
}
