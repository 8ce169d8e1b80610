/** The console's public base URL, for links shown to people (invitations, password resets). */
export function publicBaseUrl(): string {
  return (process.env.NEXTAUTH_URL || `http://localhost:${process.env.PORT || 3000}`).replace(/\/$/, '');
}
