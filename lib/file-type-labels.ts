import type { FileType } from './enums';

/** File types as people name them, for the superadmin's form and the workspace's settings alike. */
export const FILE_TYPE_LABELS: Record<FileType, string> = {
  pdf: 'PDF',
  docx: 'Word (DOCX)',
  pptx: 'PowerPoint (PPTX)',
  html: 'HTML',
  md: 'Markdown',
  txt: 'Plain text',
  csv: 'CSV',
  png: 'PNG image',
  jpeg: 'JPEG image',
};
