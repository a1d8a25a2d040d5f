// The document profile: what a document is about as a whole — the places, organisations and
// years that dominate it, those of its title and first lines, its date, the words of its file
// name or URL path, and the short forms it defines for itself. Built once at ingest
// (src/ingest/profile.ts), stored as JSON on the `documents` row, read by search to bind a
// question's names and years to a document, not only to a matched sentence (two provinces' work
// reports share their vocabulary; their places differ), and to read a short form as its long one.
// This module owns the type and reading it back safely from the database.

import type { Abbreviation } from "../text/abbreviations.js";

/** A place or organisation the document names, with how often and how dominantly. */
export interface ProfileName {
  /** The name as the document writes it most often (traditional script stays traditional). */
  name: string;
  /**
   * The form search compares: foldForSearch(name) — NFKC, simplified script, lower case. Chinese
   * keys are jieba words or merged place + organisation words (北京市人民政府); English keys are
   * capitalised runs as written, lower-cased ("federal aviation administration").
   */
  key: string;
  /** Mentions in the title and text together. */
  count: number;
  /** count ÷ all mentions of names of the same kind in the document: 1 means the only one named. */
  weight: number;
}

/** A year the document mentions: Gregorian, four digits (民國113年 is counted as 2024). */
export interface ProfileYear {
  year: number;
  count: number;
  /** count ÷ all year mentions in the document. */
  weight: number;
}

/** What identifies a document as a whole. Lists are ordered most dominant first. */
export interface DocumentProfile {
  /** Bumped when the meaning of a field changes; profiles of another version are rebuilt at ingest. */
  version: 1;
  /** Places named in the document (provinces, cities, districts, countries), at most 12. */
  places: ProfileName[];
  /** Organisations named in the document (governments, courts, ministries, companies), at most 12. */
  organisations: ProfileName[];
  /** Years mentioned, at most 10. */
  years: ProfileYear[];
  /**
   * Places of the title and the first lines (about 400 characters), in order of appearance: the
   * strongest evidence of whose document it is ("2024年XX省政府工作报告" → XX省).
   */
  titlePlaces: ProfileName[];
  /** Organisations of the title and first lines, in order of appearance. */
  titleOrganisations: ProfileName[];
  /** Years of the title and first lines, in order of appearance. */
  titleYears: number[];
  /** The date the document states for itself (ISO yyyy-mm-dd), as on the documents row. */
  date: string | null;
  /** Folded words of the file name, or of a URL's path ("beijing", "work", "report", "2024"; 生活垃圾, 条例). */
  pathWords: string[];
  /** Short forms the document defines for itself ("Technical Oversight Committee (“TOC”)"), as written. */
  abbreviations: Abbreviation[];
}

/** The profile of a document nothing is known about (rows written before profiles existed). */
export function emptyProfile(): DocumentProfile {
  return {
    version: 1,
    places: [],
    organisations: [],
    years: [],
    titlePlaces: [],
    titleOrganisations: [],
    titleYears: [],
    date: null,
    pathWords: [],
    abbreviations: [],
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function names(value: unknown): ProfileName[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((item): ProfileName[] =>
    isRecord(item) && typeof item.name === "string" && typeof item.key === "string"
      ? [{ name: item.name, key: item.key, count: Number(item.count) || 0, weight: Number(item.weight) || 0 }]
      : [],
  );
}

/** Reads a stored profile; anything missing or malformed reads as empty, never as an error. */
export function parseProfile(json: string | null | undefined): DocumentProfile {
  let raw: unknown;
  try {
    raw = JSON.parse(json ?? "{}");
  } catch {
    return emptyProfile();
  }
  if (!isRecord(raw)) return emptyProfile();
  const years = Array.isArray(raw.years)
    ? raw.years.flatMap((item): ProfileYear[] =>
        isRecord(item) && Number.isInteger(item.year) ? [{ year: item.year as number, count: Number(item.count) || 0, weight: Number(item.weight) || 0 }] : [],
      )
    : [];
  return {
    version: 1,
    places: names(raw.places),
    organisations: names(raw.organisations),
    years,
    titlePlaces: names(raw.titlePlaces),
    titleOrganisations: names(raw.titleOrganisations),
    titleYears: Array.isArray(raw.titleYears) ? raw.titleYears.filter((y): y is number => Number.isInteger(y)) : [],
    date: typeof raw.date === "string" ? raw.date : null,
    pathWords: Array.isArray(raw.pathWords) ? raw.pathWords.filter((w): w is string => typeof w === "string") : [],
    abbreviations: Array.isArray(raw.abbreviations)
      ? raw.abbreviations.flatMap((a): Abbreviation[] =>
          isRecord(a) && typeof a.short === "string" && typeof a.long === "string" ? [{ short: a.short, long: a.long }] : [],
        )
      : [],
  };
}
