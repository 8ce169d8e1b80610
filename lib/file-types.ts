import type { FileType } from './enums';

/**
 * How each accepted document type is named to people and which file name endings it may carry.
 * One table for the upload check (the name must agree with the content) and the drop zone's list
 * of what is accepted, so the two never disagree. The first extension is the one suggested.
 */
export const FILE_TYPE_INFO: Record<FileType, { label: string; content: string; extensions: readonly string[] }> = {
  pdf: { label: 'PDF', content: 'a PDF document', extensions: ['pdf'] },
  docx: { label: 'Word', content: 'a Word document (DOCX)', extensions: ['docx'] },
  pptx: { label: 'PowerPoint', content: 'a PowerPoint presentation (PPTX)', extensions: ['pptx'] },
  html: { label: 'HTML', content: 'an HTML page', extensions: ['html', 'htm', 'xhtml'] },
  md: { label: 'Markdown', content: 'Markdown text', extensions: ['md', 'markdown', 'mdown', 'mkd', 'mdx'] },
  txt: { label: 'Text', content: 'plain text', extensions: ['txt', 'text', 'log'] },
  csv: { label: 'CSV', content: 'CSV data', extensions: ['csv', 'tsv'] },
  png: { label: 'PNG', content: 'a PNG image', extensions: ['png'] },
  jpeg: { label: 'JPEG', content: 'a JPEG image', extensions: ['jpg', 'jpeg', 'jpe', 'jfif'] },
};

/** The text kinds: any of their extensions may name any text content (the extension picks the kind). */
export const TEXT_FILE_TYPES: readonly FileType[] = ['html', 'md', 'txt', 'csv'];

/**
 * The extension a name ends with, lowercased, or '' when it has none. A trailing part that is
 * all digits or has spaces ("Q3 report v1.2", "Mr. Smith notes") is part of the name, not a type.
 */
export function fileExtension(filename: string): string {
  const base = filename.split(/[\\/]/).pop() ?? '';
  const dot = base.lastIndexOf('.');
  if (dot <= 0) return '';
  const ext = base.slice(dot + 1).toLowerCase();
  if (!/^[a-z0-9]{1,10}$/.test(ext) || /^\d+$/.test(ext)) return '';
  return ext;
}

/** "PDF (.pdf), Word (.docx), …, JPEG (.jpg, .jpeg)": what the drop zone says it accepts (the two usual endings each). */
export function acceptedTypesText(types: readonly FileType[]): string {
  return types
    .map(
      (t) =>
        `${FILE_TYPE_INFO[t].label} (${FILE_TYPE_INFO[t].extensions
          .slice(0, 2)
          .map((e) => `.${e}`)
          .join(', ')})`,
    )
    .join(', ');
}

/** Every ending the file picker offers for these types ("accept" attribute). */
export function acceptAttribute(types: readonly FileType[]): string {
  return types.flatMap((t) => FILE_TYPE_INFO[t].extensions.map((e) => `.${e}`)).join(',');
}

/** ".txt, .text or .log": a type's endings in a sentence. */
export function endingsText(extensions: readonly string[]): string {
  const dotted = extensions.map((e) => `.${e}`);
  return dotted.length > 1 ? `${dotted.slice(0, -1).join(', ')} or ${dotted[dotted.length - 1]}` : (dotted[0] ?? '');
}
