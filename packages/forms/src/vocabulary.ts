/**
 * Fixed lists that answers are checked against: languages and the weekly
 * availability grid. Values are the stable strings stored in `answers`.
 */

export interface Language {
  /** ISO 639-1 code, the value stored in answers. */
  code: string;
  /** English name, for the form. */
  label: string;
}

/**
 * Languages mentoring pairs most often share, sorted by label for the picker.
 * Curated rather than all 184 ISO 639-1 codes so that the list stays short
 * enough to scan; Chinese covers Mandarin and Cantonese because ISO 639-1 has
 * one code for both.
 */
export const LANGUAGES: readonly Language[] = [
  { code: "sq", label: "Albanian" },
  { code: "am", label: "Amharic" },
  { code: "ar", label: "Arabic" },
  { code: "bn", label: "Bengali" },
  { code: "bs", label: "Bosnian" },
  { code: "my", label: "Burmese" },
  { code: "zh", label: "Chinese" },
  { code: "hr", label: "Croatian" },
  { code: "cs", label: "Czech" },
  { code: "nl", label: "Dutch" },
  { code: "en", label: "English" },
  { code: "fa", label: "Persian (Farsi, Dari)" },
  { code: "fr", label: "French" },
  { code: "de", label: "German" },
  { code: "el", label: "Greek" },
  { code: "gu", label: "Gujarati" },
  { code: "ht", label: "Haitian Creole" },
  { code: "ha", label: "Hausa" },
  { code: "he", label: "Hebrew" },
  { code: "hi", label: "Hindi" },
  { code: "hu", label: "Hungarian" },
  { code: "id", label: "Indonesian" },
  { code: "it", label: "Italian" },
  { code: "ja", label: "Japanese" },
  { code: "km", label: "Khmer" },
  { code: "ko", label: "Korean" },
  { code: "ms", label: "Malay" },
  { code: "mr", label: "Marathi" },
  { code: "ne", label: "Nepali" },
  { code: "ps", label: "Pashto" },
  { code: "pl", label: "Polish" },
  { code: "pt", label: "Portuguese" },
  { code: "pa", label: "Punjabi" },
  { code: "ro", label: "Romanian" },
  { code: "ru", label: "Russian" },
  { code: "sr", label: "Serbian" },
  { code: "so", label: "Somali" },
  { code: "es", label: "Spanish" },
  { code: "sw", label: "Swahili" },
  { code: "sv", label: "Swedish" },
  { code: "tl", label: "Tagalog (Filipino)" },
  { code: "ta", label: "Tamil" },
  { code: "te", label: "Telugu" },
  { code: "th", label: "Thai" },
  { code: "ti", label: "Tigrinya" },
  { code: "tr", label: "Turkish" },
  { code: "uk", label: "Ukrainian" },
  { code: "ur", label: "Urdu" },
  { code: "vi", label: "Vietnamese" },
  { code: "yo", label: "Yoruba" },
].sort((a, b) => a.label.localeCompare(b.label, "en"));

export const LANGUAGE_CODES: readonly string[] = LANGUAGES.map((language) => language.code);

export const WEEKDAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"] as const;
export type Weekday = (typeof WEEKDAYS)[number];

export const DAY_PARTS = ["morning", "afternoon", "evening"] as const;
export type DayPart = (typeof DAY_PARTS)[number];

/** A weekly slot such as `mon_evening`. */
export type AvailabilitySlot = `${Weekday}_${DayPart}`;

/** All 21 slots in calendar order (`mon_morning` … `sun_evening`), the order answers are stored in. */
export const AVAILABILITY_SLOTS: readonly AvailabilitySlot[] = WEEKDAYS.flatMap((day) =>
  DAY_PARTS.map((part): AvailabilitySlot => `${day}_${part}`),
);
