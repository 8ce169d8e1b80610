import 'server-only';
import path from 'node:path';

/**
 * The absolute path of a file inside an installed package (`'@hyzyla/pdfium/pdfium.wasm'`),
 * resolved by Node at run time. The bundler of the production build must not see this require:
 * it would try to bundle the file, or reject a name it cannot compute ("expression is too
 * dynamic"). So Node's module API is taken with process.getBuiltinModule, which it leaves alone.
 */
export function packageFile(specifier: string): string {
  const { createRequire } = process.getBuiltinModule('node:module');
  // node_modules is found from the project root, where every entry point (server, worker) runs.
  return createRequire(path.join(process.cwd(), 'package.json')).resolve(specifier);
}
