import type { Permission } from '@/lib/enums';

export type Section = {
  segment: string;
  label: string;
  /** Any one of these grants the section. */
  permissions: Permission[];
  summary: string;
  plans: string[];
};

/** The tenant console's sections, in navigation order, with who may open each. */
export const TENANT_SECTIONS: Section[] = [
  {
    // First, so those who run the workspace land here; everyone else lands on Documents or Chat.
    segment: 'overview',
    label: 'Overview',
    permissions: ['users:manage', 'settings:manage'],
    summary: 'Today’s usage against the quotas, documents in progress or failed, recent activity and what needs attention.',
    plans: [],
  },
  {
    segment: 'documents',
    label: 'Documents',
    permissions: ['documents:read'],
    summary: 'Every document of the collections you may read, with its processing status.',
    plans: [
      'Upload many files at once with a progress bar each; PDF, DOCX, PPTX, HTML, Markdown, TXT, CSV and scanned images.',
      'Status that never gets stuck: every document reaches completed, or failed with the reason and a Retry button.',
      'Collections, restricted documents, a chunk browser with page numbers and the processing history.',
    ],
  },
  {
    segment: 'chat',
    label: 'Chat',
    permissions: ['chat:use'],
    summary: 'Ask questions of your documents and get answers where every claim is cited.',
    plans: [
      'Streaming answers with inline citation markers that open the passage at its page.',
      'Hybrid retrieval (vectors and full text) that never cites a document you cannot open.',
      'Sessions you can rename, archive and delete; thumbs up or down on each answer.',
    ],
  },
  {
    segment: 'users',
    label: 'Users & roles',
    permissions: ['users:manage', 'roles:manage'],
    summary: 'Who can sign in to this workspace and what each of them may do.',
    plans: [
      'Invite users, change their roles, deactivate and reactivate them, reset passwords.',
      'Built-in admin, editor and viewer roles, and custom roles from the permission catalogue.',
      'API keys with scopes and expiry, shown once and stored hashed.',
    ],
  },
  {
    segment: 'usage',
    label: 'Usage',
    permissions: ['usage:read'],
    summary: 'Tokens, requests, ingestions and storage against the workspace quotas.',
    plans: ['Daily charts per user and for the workspace.', 'Quota limits and how close you are to each.'],
  },
  {
    segment: 'gdpr',
    label: 'GDPR',
    permissions: ['gdpr:manage'],
    summary: 'Data subject requests: access, portability, erasure, rectification and restriction.',
    plans: ['Requests with their one-month due date.', 'Exports and audited erasure of a person’s data.'],
  },
  {
    segment: 'evaluations',
    label: 'Evaluations',
    permissions: ['evals:run'],
    summary: 'Measure answer quality on your own question sets.',
    plans: [
      'Datasets of questions with expected answers and sources.',
      'Faithfulness, relevance, coverage, hallucination, context precision and recall per run; compare and export.',
    ],
  },
  {
    segment: 'audit',
    label: 'Audit log',
    permissions: ['audit:read'],
    summary: 'Every change made in this workspace: who, what, when, from where.',
    plans: ['Filters by actor, action, resource, status and date; CSV export.', 'Tamper evidence: a hash chain you can verify.'],
  },
  {
    segment: 'settings',
    label: 'Settings',
    permissions: ['settings:manage'],
    summary: 'Workspace settings and the language model used for answers.',
    plans: [
      'Model provider, base URL, model, temperature and token limits; the key is stored encrypted.',
      'Allowed file types, maximum file size and retention.',
    ],
  },
];

export function sectionsFor(permissions: readonly Permission[]): Section[] {
  return TENANT_SECTIONS.filter((s) => s.permissions.some((p) => permissions.includes(p)));
}

export type NavItem = { href: string; label: string };
