/**
 * Reads a `Retry-After` header: delay-seconds (`120`) or an HTTP-date
 * (`Wed, 21 Oct 2015 07:28:00 GMT`).
 *
 * @param now the current instant, from the injected clock
 * @returns the delay it asks for in milliseconds (0 for a date in the past), or undefined when
 *   the header is absent or unreadable
 */
export function parseRetryAfter(header: string | null, now: Date): number | undefined {
  if (header === null) return undefined;
  const value = header.trim();
  if (/^\d+$/.test(value)) return Number(value) * 1000;
  // Only accept something that looks like an HTTP-date, so `Date.parse` leniency does not turn
  // junk such as "1.5" into a date.
  if (!/^[A-Za-z]{3},? /.test(value)) return undefined;
  const at = Date.parse(value);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - now.getTime());
}
