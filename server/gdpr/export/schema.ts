import { z } from 'zod';

export const exportLinkInput = z.object({ requestId: z.uuid('Choose a request.') });

export const exportLinkOutput = z.object({ url: z.string(), expiresAt: z.date() });

export type ExportLinkInput = z.infer<typeof exportLinkInput>;
