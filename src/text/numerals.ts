// Chinese numerals as numbers: the counting numerals of outline headings (三, 十二, 一百零五) and
// the digit-by-digit years of dates (二〇二四). Shared by the chunker and the document profile.

const DIGIT: Readonly<Record<string, number>> = { 零: 0, 〇: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };

/** Reads a counting numeral below 1,000 (三, 十二, 二十三, 一百零五) or ASCII digits; undefined for anything else. */
export function chineseNumeral(text: string): number | undefined {
  if (/^\d+$/.test(text)) return Number(text);
  let total = 0;
  let digit = 0;
  for (const ch of text) {
    if (ch in DIGIT) digit = DIGIT[ch]!;
    else if (ch === "十") {
      total += (digit || 1) * 10;
      digit = 0;
    } else if (ch === "百") {
      total += (digit || 1) * 100;
      digit = 0;
    } else return undefined;
  }
  return total + digit || undefined;
}

/** Reads a year written digit by digit (二〇二四 → 2024); undefined unless all four are digits. */
export function chineseDigits(text: string): number | undefined {
  const digits = [...text].map((ch) => DIGIT[ch]);
  return digits.length > 0 && digits.every((d) => d !== undefined) ? Number(digits.join("")) : undefined;
}
