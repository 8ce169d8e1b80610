/** Scheme, host and port of a URL (`https://api.example.com:8443`); null for none or an unparsable one. */
export function originOf(url: string | null | undefined): string | null {
  if (!url) return null;
  try {
    return new URL(url).origin;
  } catch {
    return null;
  }
}
