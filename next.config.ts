import type { NextConfig } from 'next';

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
  ],
  poweredByHeader: false,
  async headers() {
    return [
      {
        source: '/:path*',
        headers: [
          { key: 'X-Content-Type-Options', value: 'nosniff' },
          { key: 'X-Frame-Options', value: 'DENY' },
          { key: 'Referrer-Policy', value: 'strict-origin-when-cross-origin' },
        ],
      },
    ];
  },
};

export default nextConfig;
