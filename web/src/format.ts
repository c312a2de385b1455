// Local-time formatting of the server's UTC timestamps.

const timeFormat = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' });
const dayFormat = new Intl.DateTimeFormat(undefined, { day: 'numeric', month: 'short' });
const yearFormat = new Intl.DateTimeFormat(undefined, { day: 'numeric', month: 'short', year: 'numeric' });
const fullFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'full', timeStyle: 'medium' });

export function parseSentOn(sentOn: string): Date {
  // The server always sends UTC with a Z; treat a missing zone as UTC too.
  const hasZone = /(Z|[+-]\d{2}:?\d{2})$/i.test(sentOn);
  return new Date(hasZone ? sentOn : `${sentOn}Z`);
}

/** "14:05" today, "3 Mar, 14:05" this year, "3 Mar 2023, 14:05" before. */
export function shortTime(date: Date, now = new Date()): string {
  if (Number.isNaN(date.getTime())) return '';
  const time = timeFormat.format(date);
  if (date.toDateString() === now.toDateString()) return time;
  const day = date.getFullYear() === now.getFullYear() ? dayFormat.format(date) : yearFormat.format(date);
  return `${day}, ${time}`;
}

export function fullTime(date: Date): string {
  return Number.isNaN(date.getTime()) ? '' : fullFormat.format(date);
}
