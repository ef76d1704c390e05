// Dates as listing pages write them: "3 December 2026", "3rd Dec 2026", "December 3, 2026",
// "2026-12-03". Read by splitting into words (no regex over the text), so any input is linear.

const MONTHS: Readonly<Record<string, number>> = {
  jan: 0, january: 0, feb: 1, february: 1, mar: 2, march: 2, apr: 3, april: 3, may: 4, jun: 5, june: 5,
  jul: 6, july: 6, aug: 7, august: 7, sep: 8, sept: 8, september: 8, oct: 9, october: 9, nov: 10, november: 10,
  dec: 11, december: 11,
};

/** A date text this long or longer is prose (a summary that mentions a date), not a date line. */
export const MAX_DATE_TEXT = 64;

const dayOf = (word: string): number | null => {
  const digits = /^(\d{1,2})(?:st|nd|rd|th)?$/.exec(word);
  const day = digits ? Number(digits[1]) : Number.NaN;
  return day >= 1 && day <= 31 ? day : null;
};
const yearOf = (word: string): number | null =>
  /^\d{4}$/.test(word) && Number(word) >= 1990 && Number(word) <= 2200 ? Number(word) : null;

function isoDay(year: number, month: number, day: number): string | null {
  const date = new Date(Date.UTC(year, month, day));
  return date.getUTCMonth() === month ? date.toISOString() : null; // 31 February is no date
}

/** The first calendar date in a short text, as an ISO time at midnight UTC; null when there is none. */
export function listingDate(text: string): string | null {
  if (text.length >= MAX_DATE_TEXT) return null;
  const iso = /(\d{4})-(\d{2})-(\d{2})/.exec(text);
  if (iso) return isoDay(Number(iso[1]), Number(iso[2]) - 1, Number(iso[3]));
  const words = text.toLowerCase().split(/[^a-z0-9]+/).filter((w) => w !== '');
  for (let i = 0; i + 2 < words.length; i++) {
    const [a = '', b = '', c = ''] = words.slice(i, i + 3);
    const month = MONTHS[b];
    const dayFirst = dayOf(a);
    const year = yearOf(c);
    if (month !== undefined && dayFirst !== null && year !== null) return isoDay(year, month, dayFirst);
    const monthFirst = MONTHS[a];
    const day = dayOf(b);
    if (monthFirst !== undefined && day !== null && year !== null) return isoDay(year, monthFirst, day);
  }
  return null;
}
