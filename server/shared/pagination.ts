import { z } from 'zod';

export const pageInput = {
  page: z.number().int().min(1).default(1),
  pageSize: z.number().int().min(5).max(100).default(20),
};

export const sortDirection = z.enum(['asc', 'desc']).default('desc');

export function pageOf<T extends z.ZodType>(item: T) {
  return z.object({
    items: z.array(item),
    total: z.number().int(),
    page: z.number().int(),
    pageSize: z.number().int(),
  });
}

export function offsetOf(input: { page: number; pageSize: number }) {
  return (input.page - 1) * input.pageSize;
}

/** `%` and `_` typed by a person are literal characters, not patterns. */
export function likePattern(search: string) {
  return `%${search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}
