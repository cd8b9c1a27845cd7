import type { Contributor, ContributorRole } from '../../src/types.js';

const phrase: Record<ContributorRole, string> = {
  author: '',
  interviewee: '',
  interviewer: 'Interviewed by',
  editor: 'Edited by',
  translator: 'Translated by',
  illustrator: 'Illustrated by',
  contributor: 'With',
};

/** Lines for a title page: principal names first, then “Interviewed by …”, “Edited by …” in book order. */
export function creditLines(contributors: Contributor[]): string[] {
  const lines: string[] = [];
  const principal = contributors.filter((person) => phrase[person.role] === '').map((person) => person.name);
  if (principal.length > 0) lines.push(joinNames(principal));
  for (const role of Object.keys(phrase) as ContributorRole[]) {
    if (phrase[role] === '') continue;
    const names = contributors.filter((person) => person.role === role).map((person) => person.name);
    if (names.length > 0) lines.push(`${phrase[role]} ${joinNames(names)}`);
  }
  return lines;
}

/** The principal names, for `author` metadata. */
export function principalNames(contributors: Contributor[]): string[] {
  const principal = contributors.filter((person) => phrase[person.role] === '');
  return (principal.length > 0 ? principal : contributors).map((person) => person.name);
}

function joinNames(names: string[]): string {
  return names.length <= 2 ? names.join(' and ') : `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;
}
