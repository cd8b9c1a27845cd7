/**
 * The date every output carries instead of the clock, so two builds of the same input give the same bytes:
 * `SOURCE_DATE_EPOCH` when set (the reproducible-builds convention, seconds since 1970: a release dated by its
 * commit), else the book's `date` (a publisher dates an edition by its publication, not by the hour it was built),
 * else 2000-01-01.
 */
export function sourceDate(bookDate: string | undefined): Date {
  const epoch = process.env.SOURCE_DATE_EPOCH;
  if (epoch && /^\d+$/.test(epoch)) return new Date(Number(epoch) * 1000);
  return new Date(`${(bookDate ?? '2000-01-01').padEnd(10, '-01').slice(0, 10)}T00:00:00Z`);
}

/** A PDF date string in UTC: `D:20240601000000+00'00'`. */
export function pdfDate(date: Date): string {
  return `D:${date.toISOString().replace(/[-:T]/g, '').slice(0, 14)}+00'00'`;
}
