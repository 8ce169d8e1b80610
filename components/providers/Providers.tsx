'use client';

import { ThemeProvider } from 'next-themes';
import type { ReactNode } from 'react';
import { Toaster } from 'sonner';
import { TRPCReactProvider } from './trpc';

export function Providers({ children, nonce }: { children: ReactNode; nonce?: string }) {
  return (
    <ThemeProvider nonce={nonce} attribute="class" defaultTheme="system" enableSystem disableTransitionOnChange>
      <TRPCReactProvider>
        {children}
        {/*
          Toasts sit at the top, under the sticky header: at the bottom right they covered the
          primary button of a screen (Send, Save). Below the dialogs' backdrop (z-40), never above
          an open dialog; dialogs show their own errors inline.
        */}
        <Toaster
          richColors
          closeButton
          position="top-center"
          offset={{ top: 64 }}
          mobileOffset={{ top: 64, left: 12, right: 12 }}
          style={{ zIndex: 35 }}
        />
      </TRPCReactProvider>
    </ThemeProvider>
  );
}
