/** An SDK timestamp as the panel's messages carry it (ISO 8601), or undefined when AWS left it out. */
export function iso(date: Date | undefined): string | undefined {
  return date ? date.toISOString() : undefined;
}
