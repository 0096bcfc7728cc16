// The Vietnamese lunisolar calendar (âm lịch), computed from the astronomy at UTC+7.
//
// Written from Jean Meeus, "Astronomical Algorithms" (2nd ed.): mean and true new
// moons by lunation number (ch. 49), the Sun's apparent longitude (ch. 25) and the
// Espenak–Meeus polynomials for ΔT (ch. 10 gives the idea; NASA publishes the fit).
//
// The calendar rules, as the Vietnamese calendar has applied them since 1967:
//  - a month starts on the local (UTC+7) day of a new moon;
//  - month 11 is the month that contains the December solstice;
//  - when 13 months lie between two months 11, the first of them after month 11 that
//    contains no major solar term (trung khí: a multiple of 30° of solar longitude)
//    is the leap month and repeats the number of the month before it.
// Before 1967 Vietnam followed the Chinese calendar at UTC+8, so historical dates
// from then may differ; this module computes the modern rules for every year.

import { DeskError } from '../errors.ts';
import { civilFromDays, daysFromCivil, isRealDate, JDN_OF_DAY_ZERO, type CivilDate } from './civilDate.ts';

export interface LunarDate {
  year: number;
  month: number;
  day: number;
  leap: boolean;
}

/** Solar years the ΔT fit below covers; outside it the result would be a guess. */
export const SUPPORTED_YEARS = { from: 1800, to: 2199 } as const;

const TIME_ZONE_DAYS = 7 / 24;
const SYNODIC_MONTH = 29.530588861;
/** JDE of the new moon with lunation number 0 (2000 January 6). */
const LUNATION_ZERO_JDE = 2451550.09766;
const RAD = Math.PI / 180;

// ---------------------------------------------------------------- astronomy

/** ΔT = TT − UT in seconds (Espenak & Meeus polynomial fit, 1800–2150, parabola beyond). */
export function deltaTSeconds(decimalYear: number): number {
  const y = decimalYear;
  if (y < 1860) {
    const t = y - 1800;
    return (
      13.72 -
      0.332447 * t +
      0.0068612 * t ** 2 +
      0.0041116 * t ** 3 -
      0.00037436 * t ** 4 +
      0.0000121272 * t ** 5 -
      0.0000001699 * t ** 6 +
      0.000000000875 * t ** 7
    );
  }
  if (y < 1900) {
    const t = y - 1860;
    return 7.62 + 0.5737 * t - 0.251754 * t ** 2 + 0.01680668 * t ** 3 - 0.0004473624 * t ** 4 + t ** 5 / 233174;
  }
  if (y < 1920) {
    const t = y - 1900;
    return -2.79 + 1.494119 * t - 0.0598939 * t ** 2 + 0.0061966 * t ** 3 - 0.000197 * t ** 4;
  }
  if (y < 1941) {
    const t = y - 1920;
    return 21.2 + 0.84493 * t - 0.0761 * t ** 2 + 0.0020936 * t ** 3;
  }
  if (y < 1961) {
    const t = y - 1950;
    return 29.07 + 0.407 * t - t ** 2 / 233 + t ** 3 / 2547;
  }
  if (y < 1986) {
    const t = y - 1975;
    return 45.45 + 1.067 * t - t ** 2 / 260 - t ** 3 / 718;
  }
  if (y < 2005) {
    const t = y - 2000;
    return 63.86 + 0.3345 * t - 0.060374 * t ** 2 + 0.0017275 * t ** 3 + 0.000651814 * t ** 4 + 0.00002373599 * t ** 5;
  }
  if (y < 2050) {
    const t = y - 2000;
    return 62.92 + 0.32217 * t + 0.005589 * t ** 2;
  }
  const u = (y - 1820) / 100;
  if (y < 2150) return -20 + 32 * u ** 2 - 0.5628 * (2150 - y);
  return -20 + 32 * u ** 2;
}

function decimalYearOfJd(jd: number): number {
  return 2000 + (jd - 2451545) / 365.25;
}

// Periodic terms of Meeus table 49.A for a new moon: [coefficient, power of E, M, M', F, Ω].
const NEW_MOON_TERMS: readonly (readonly [number, number, number, number, number, number])[] = [
  [-0.4072, 0, 0, 1, 0, 0],
  [0.17241, 1, 1, 0, 0, 0],
  [0.01608, 0, 0, 2, 0, 0],
  [0.01039, 0, 0, 0, 2, 0],
  [0.00739, 1, -1, 1, 0, 0],
  [-0.00514, 1, 1, 1, 0, 0],
  [0.00208, 2, 2, 0, 0, 0],
  [-0.00111, 0, 0, 1, -2, 0],
  [-0.00057, 0, 0, 1, 2, 0],
  [0.00056, 1, 1, 2, 0, 0],
  [-0.00042, 0, 0, 3, 0, 0],
  [0.00042, 1, 1, 0, 2, 0],
  [0.00038, 1, 1, 0, -2, 0],
  [-0.00024, 1, -1, 2, 0, 0],
  [-0.00017, 0, 0, 0, 0, 1],
  [-0.00007, 0, 2, 1, 0, 0],
  [0.00004, 0, 0, 2, -2, 0],
  [0.00004, 0, 3, 0, 0, 0],
  [0.00003, 0, 1, 1, -2, 0],
  [0.00003, 0, 0, 2, 2, 0],
  [-0.00003, 0, 1, 1, 2, 0],
  [0.00003, 0, -1, 1, 2, 0],
  [-0.00002, 0, -1, 1, -2, 0],
  [-0.00002, 0, 1, 3, 0, 0],
  [0.00002, 0, 0, 4, 0, 0],
];

// Planetary arguments A1…A14 of Meeus ch. 49: [coefficient, constant, k rate]; A1 also has a T² term.
const PLANETARY_TERMS: readonly (readonly [number, number, number])[] = [
  [0.000325, 299.77, 0.107408],
  [0.000165, 251.88, 0.016321],
  [0.000164, 251.83, 26.651886],
  [0.000126, 349.42, 36.412478],
  [0.00011, 84.66, 18.206239],
  [0.000062, 141.74, 53.303771],
  [0.00006, 207.14, 2.453732],
  [0.000056, 154.84, 7.30686],
  [0.000047, 34.52, 27.261239],
  [0.000042, 207.19, 0.121824],
  [0.00004, 291.34, 1.844379],
  [0.000037, 161.72, 24.198154],
  [0.000035, 239.56, 25.513099],
  [0.000023, 331.55, 3.592518],
];

/** Julian Ephemeris Day (TT) of the true new moon with lunation number k (0 = 2000 Jan 6). */
export function newMoonJde(k: number): number {
  const T = k / 1236.85;
  const T2 = T * T;
  const T3 = T2 * T;
  const T4 = T3 * T;
  const mean = LUNATION_ZERO_JDE + SYNODIC_MONTH * k + 0.00015437 * T2 - 0.00000015 * T3 + 0.00000000073 * T4;
  const E = 1 - 0.002516 * T - 0.0000074 * T2;
  const M = (2.5534 + 29.1053567 * k - 0.0000014 * T2 - 0.00000011 * T3) * RAD;
  const Mp = (201.5643 + 385.81693528 * k + 0.0107582 * T2 + 0.00001238 * T3 - 0.000000058 * T4) * RAD;
  const F = (160.7108 + 390.67050284 * k - 0.0016118 * T2 - 0.00000227 * T3 + 0.000000011 * T4) * RAD;
  const Omega = (124.7746 - 1.56375588 * k + 0.0020672 * T2 + 0.00000215 * T3) * RAD;

  let correction = 0;
  for (const [c, ePower, m, mp, f, o] of NEW_MOON_TERMS) {
    correction += c * E ** ePower * Math.sin(m * M + mp * Mp + f * F + o * Omega);
  }
  PLANETARY_TERMS.forEach(([c, base, rate], i) => {
    const argument = base + rate * k - (i === 0 ? 0.009173 * T2 : 0);
    correction += c * Math.sin(argument * RAD);
  });
  return mean + correction;
}

/** The Sun's apparent geometric longitude in degrees [0, 360) at a JDE (Meeus ch. 25, low accuracy). */
export function apparentSolarLongitude(jde: number): number {
  const T = (jde - 2451545) / 36525;
  const L0 = 280.46646 + 36000.76983 * T + 0.0003032 * T * T;
  const M = (357.52911 + 35999.05029 * T - 0.0001537 * T * T) * RAD;
  const C = (1.914602 - 0.004817 * T - 0.000014 * T * T) * Math.sin(M) + (0.019993 - 0.000101 * T) * Math.sin(2 * M) + 0.000289 * Math.sin(3 * M);
  const omega = (125.04 - 1934.136 * T) * RAD;
  const lambda = L0 + C - 0.00569 - 0.00478 * Math.sin(omega);
  return ((lambda % 360) + 360) % 360;
}

// ---------------------------------------------------------------- calendar at UTC+7

/** Local (UTC+7) day number on which new moon k falls. */
function newMoonDay(k: number): number {
  const jde = newMoonJde(k);
  const jdUt = jde - deltaTSeconds(decimalYearOfJd(jde)) / 86400;
  // JD starts at noon UT: +0.5 turns it into a civil-day count, +7 h into local time.
  return Math.floor(jdUt + 0.5 + TIME_ZONE_DAYS) - JDN_OF_DAY_ZERO;
}

/** Solar longitude at the local midnight that starts a day. */
function longitudeAtDayStart(day: number): number {
  const jdUt = day + JDN_OF_DAY_ZERO - 0.5 - TIME_ZONE_DAYS;
  return apparentSolarLongitude(jdUt + deltaTSeconds(decimalYearOfJd(jdUt)) / 86400);
}

/** Which 30° sector the Sun is in when a local day starts; a month with a major term spans a change. */
function majorTermSector(day: number): number {
  return Math.floor(longitudeAtDayStart(day) / 30);
}

/** Degrees past the December solstice (270°) at a day's start, in (−180, 180]. */
function degreesPastSolstice(day: number): number {
  const past = longitudeAtDayStart(day) - 270;
  return past > 180 ? past - 360 : past <= -180 ? past + 360 : past;
}

const month11Cache = new Map<number, number>();

/** Lunation number of month 11 of a year: the month whose days contain the December solstice. */
function month11Lunation(year: number): number {
  const cached = month11Cache.get(year);
  if (cached !== undefined) return cached;
  let k = Math.floor((daysFromCivil(year, 12, 21) + JDN_OF_DAY_ZERO - LUNATION_ZERO_JDE) / SYNODIC_MONTH);
  // The solstice lies in [start of month k, start of month k+1): the Sun is not yet past
  // 270° when month k starts and is past it when month k+1 starts.
  for (;;) {
    if (degreesPastSolstice(newMoonDay(k)) > 0) k -= 1;
    else if (degreesPastSolstice(newMoonDay(k + 1)) <= 0) k += 1;
    else break;
  }
  month11Cache.set(year, k);
  return k;
}

interface LunarMonth {
  /** Local day number of day 1. */
  start: number;
  /** Day number of day 1 of the next month. */
  end: number;
  year: number;
  month: number;
  leap: boolean;
}

const spanCache = new Map<number, LunarMonth[]>();

/**
 * The months from month 11 of lunar year `solsticeYear − 1` up to (not including)
 * month 11 of `solsticeYear`: the only stretch in which a leap month can be inserted.
 */
function monthsBetweenSolstices(solsticeYear: number): LunarMonth[] {
  const cached = spanCache.get(solsticeYear);
  if (cached) return cached;
  const first = month11Lunation(solsticeYear - 1);
  const count = month11Lunation(solsticeYear) - first; // 12, or 13 in a leap span
  const starts = Array.from({ length: count + 1 }, (_, i) => newMoonDay(first + i));
  const hasMajorTerm = (i: number) => majorTermSector(starts[i]!) !== majorTermSector(starts[i + 1]!);
  let leapIndex = -1;
  if (count === 13) {
    // Month 11 itself holds the solstice, so the search starts with the month after it.
    for (let i = 1; i < count && leapIndex < 0; i++) if (!hasMajorTerm(i)) leapIndex = i;
  }
  const months: LunarMonth[] = [];
  let number = 10;
  for (let i = 0; i < count; i++) {
    const leap = i === leapIndex;
    if (!leap) number = (number % 12) + 1;
    months.push({
      start: starts[i]!,
      end: starts[i + 1]!,
      year: number >= 11 ? solsticeYear - 1 : solsticeYear,
      month: number,
      leap,
    });
  }
  spanCache.set(solsticeYear, months);
  return months;
}

function assertSupported(year: number): void {
  if (!Number.isInteger(year) || year < SUPPORTED_YEARS.from || year > SUPPORTED_YEARS.to) {
    throw new DeskError('calendar.year-out-of-range', {
      vi: `Năm ${year} nằm ngoài khoảng lịch âm hỗ trợ (${SUPPORTED_YEARS.from}–${SUPPORTED_YEARS.to}).`,
      en: `Year ${year} is outside the supported lunar calendar range (${SUPPORTED_YEARS.from}–${SUPPORTED_YEARS.to}).`,
    });
  }
}

/** Lunar date (Vietnamese, UTC+7) of a Gregorian date. */
export function solarToLunar(y: number, m: number, d: number): LunarDate {
  assertSupported(y);
  if (!isRealDate(y, m, d)) {
    throw new DeskError('calendar.bad-date', { vi: `Ngày ${d}/${m}/${y} không tồn tại.`, en: `${y}-${m}-${d} is not a real date.` });
  }
  const day = daysFromCivil(y, m, d);
  const solsticeYear = day >= newMoonDay(month11Lunation(y)) ? y + 1 : y;
  const month = monthsBetweenSolstices(solsticeYear).find((mo) => day >= mo.start && day < mo.end)!;
  return { year: month.year, month: month.month, day: day - month.start + 1, leap: month.leap };
}

/** Gregorian date of a Vietnamese lunar date; refuses a leap month the year does not have. */
export function lunarToSolar(lunarYear: number, lunarMonth: number, lunarDay: number, leap = false): CivilDate {
  assertSupported(lunarYear);
  const solsticeYear = lunarMonth >= 11 ? lunarYear + 1 : lunarYear;
  const month = monthsBetweenSolstices(solsticeYear).find((mo) => mo.month === lunarMonth && mo.leap === leap);
  const length = month ? month.end - month.start : 0;
  if (!month || !Number.isInteger(lunarDay) || lunarDay < 1 || lunarDay > length) {
    const what = `${lunarDay}/${lunarMonth}${leap ? ' (nhuận)' : ''}/${lunarYear}`;
    throw new DeskError('calendar.bad-lunar-date', {
      vi: `Ngày âm lịch ${what} không tồn tại.`,
      en: `Lunar date ${lunarYear}-${lunarMonth}${leap ? ' (leap)' : ''}-${lunarDay} does not exist.`,
    });
  }
  return civilFromDays(month.start + lunarDay - 1);
}

/** The leap month of a lunar year, or null when the year has none. */
export function leapMonthOf(lunarYear: number): number | null {
  assertSupported(lunarYear);
  const inYear = [...monthsBetweenSolstices(lunarYear), ...monthsBetweenSolstices(lunarYear + 1)];
  return inYear.find((mo) => mo.year === lunarYear && mo.leap)?.month ?? null;
}
