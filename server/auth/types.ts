import type { Permission } from '@/db/schema';

/** Who is making a request, resolved from the database on every request. */
export type Principal =
  | { kind: 'superadmin'; id: string; email: string; name: string }
  | {
      kind: 'user';
      id: string;
      email: string;
      name: string;
      tenantId: string;
      tenantSlug: string;
      tenantName: string;
      permissions: Permission[];
    };

export type RequestMeta = { ip: string | null; userAgent: string | null; correlationId: string | null };

/** What the signed JWT carries between requests; the rest is looked up. */
export type SessionClaims =
  | { kind: 'superadmin'; id: string }
  | { kind: 'user'; id: string; tenantId: string };
