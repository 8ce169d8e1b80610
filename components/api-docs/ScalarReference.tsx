'use client';

import { ApiReferenceReact } from '@scalar/api-reference-react';
import '@scalar/api-reference-react/style.css';

/**
 * Scalar's reference, configured to work with no network beyond the console: no web fonts, no
 * telemetry, no agent or MCP panels, and Scalar's own services pointed at the console's origin so
 * nothing can reach them (the "try it" client sends requests straight to the API, no proxy).
 */
export function ScalarReference({ document }: { document: Record<string, unknown> }) {
  // Loaded in the browser only (after the document was fetched), so the origin is known.
  const origin = window.location.origin;
  return (
    <ApiReferenceReact
      configuration={{
        content: document,
        withDefaultFonts: false,
        telemetry: false,
        agent: { disabled: true },
        mcp: { disabled: true },
        showDeveloperTools: 'never',
        documentDownloadType: 'json',
        // A small API: every operation shown at once reads better than one tag at a time.
        defaultOpenAllTags: true,
        defaultHttpClient: { targetKey: 'shell', clientKey: 'curl' },
        externalUrls: { dashboardUrl: origin, registryUrl: origin, proxyUrl: origin, apiBaseUrl: origin },
        baseServerURL: origin,
      }}
    />
  );
}
