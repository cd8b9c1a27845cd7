import type { Contributor, ContributorRole } from '../../src/types.js';
import { fill, generatedText, joinNames, type GeneratedText } from './generated-text.js';

/** The generated-text key of each role's credit line; principal roles have none (their names stand alone). */
const phrase: Record<ContributorRole, keyof GeneratedText | ''> = {
  author: '',
  interviewee: '',
  interviewer: 'interviewedBy',
  editor: 'editedBy',
  translator: 'translatedBy',
  illustrator: 'illustratedBy',
  contributor: 'with',
};

/** Lines for a title page: principal names first, then “Interviewed by …”, “Edited by …” in book order, in the book's language. */
export function creditLines(contributors: Contributor[], text: GeneratedText = generatedText('en')): string[] {
  const lines: string[] = [];
  const principal = contributors.filter((person) => phrase[person.role] === '').map((person) => person.name);
  if (principal.length > 0) lines.push(joinNames(principal, text));
  for (const role of Object.keys(phrase) as ContributorRole[]) {
    const key = phrase[role];
    if (key === '') continue;
    const names = contributors.filter((person) => person.role === role).map((person) => person.name);
    if (names.length > 0) lines.push(fill(text[key], { names: joinNames(names, text) }));
  }
  return lines;
}

/** The principal names, for `author` metadata. */
export function principalNames(contributors: Contributor[]): string[] {
  const principal = contributors.filter((person) => phrase[person.role] === '');
  return (principal.length > 0 ? principal : contributors).map((person) => person.name);
}
