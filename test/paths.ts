import path from 'node:path';

export const TEMPLATE_PATH = path.join(process.cwd(), '.data', 'test', 'template.tar.gz');
