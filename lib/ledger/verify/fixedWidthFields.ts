import { reserve, writeAscii } from '../documentArena';

// Row values whose canonical form has a fixed width, written digit by digit into the document:
// building them as strings (Date#toISOString, Buffer#toString('hex')) cost more per row than this.

const HEX_DIGITS = Buffer.from('0123456789abcdef');

/** `"<hex>"` of bytes[start, stop), as JSON.stringify(bytes.toString('hex')) writes it. */
export function writeHexString(bytes: Buffer, start: number, stop: number): void {
  const target = reserve(2 + 2 * (stop - start));
  target[0] = 0x22;
  for (let i = start, at = 1; i < stop; i++) {
    target[at++] = HEX_DIGITS[bytes[i]! >> 4]!;
    target[at++] = HEX_DIGITS[bytes[i]! & 15]!;
  }
  target[target.length - 1] = 0x22;
}

const ISO_TEMPLATE = Buffer.from('"0000-00-00T00:00:00.000Z"');

function digits(target: Buffer, at: number, value: number, width: number): void {
  for (let i = width - 1; i >= 0; i--, value = Math.floor(value / 10)) target[at + i] = 0x30 + (value % 10);
}

/** `"<Date#toISOString()>"` of a Unix time in whole milliseconds; without a Date for years 1970–9999. */
export function writeIsoTimestamp(millis: number): void {
  if (!(millis >= 0 && millis < 253_402_300_800_000)) return writeAscii(JSON.stringify(new Date(millis).toISOString()));
  const days = Math.floor(millis / 86_400_000);
  const time = millis - days * 86_400_000;
  // Days since 1970-01-01 → civil date (H. Hinnant's civil_from_days), counting years from March.
  const shifted = days + 719_468;
  const era = Math.floor(shifted / 146_097);
  const dayOfEra = shifted - era * 146_097;
  const yearOfEra = Math.floor((dayOfEra - Math.floor(dayOfEra / 1460) + Math.floor(dayOfEra / 36_524) - Math.floor(dayOfEra / 146_096)) / 365);
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const monthFromMarch = Math.floor((5 * dayOfYear + 2) / 153);
  const month = monthFromMarch < 10 ? monthFromMarch + 3 : monthFromMarch - 9;
  // "YYYY-MM-DDTHH:MM:SS.mmmZ" in quotes: the separators first, then the digits between them.
  const target = reserve(26);
  target.set(ISO_TEMPLATE);
  digits(target, 1, yearOfEra + era * 400 + (month <= 2 ? 1 : 0), 4);
  digits(target, 6, month, 2);
  digits(target, 9, dayOfYear - Math.floor((153 * monthFromMarch + 2) / 5) + 1, 2);
  digits(target, 12, Math.floor(time / 3_600_000), 2);
  digits(target, 15, Math.floor(time / 60_000) % 60, 2);
  digits(target, 18, Math.floor(time / 1000) % 60, 2);
  digits(target, 21, time % 1000, 3);
}
