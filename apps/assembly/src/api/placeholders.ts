/** `text` with each `{name}` replaced by `values[name]`; a placeholder without a value stays as written, so a gap shows. */
export function fillPlaceholders(text: string, values: Readonly<Record<string, string | number>>): string {
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => (Object.hasOwn(values, name) ? String(values[name]) : whole));
}
