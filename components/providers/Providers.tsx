'use client';

import { ThemeProvider } from 'next-themes';
import type { ReactNode } from 'react';
import { Toaster } from 'sonner';
import { useIsNarrow } from '@/components/ui/hooks';
import { TRPCReactProvider } from './trpc';

/**
 * Where toasts go so they never cover a screen's primary button: on wide screens bottom left,
 * over the navigation's empty foot (bottom right covered Send and dialogs' Save; top centre
 * covered New chat); on phones at the top under the header (at the bottom they covered Send).
 * Below the dialogs' backdrop (z-40), never above an open dialog, which shows its errors inline.
 */
function ConsoleToaster() {
  const narrow = useIsNarrow();
  return (
    <Toaster
      richColors
      closeButton
      position={narrow ? 'top-center' : 'bottom-left'}
      offset={{ top: 64, bottom: 16, left: 16 }}
      mobileOffset={{ top: 64, left: 12, right: 12 }}
      style={{ zIndex: 35 }}
    />
  );
}

export function Providers({ children, nonce }: { children: ReactNode; nonce?: string }) {
  return (
    <ThemeProvider nonce={nonce} attribute="class" defaultTheme="system" enableSystem disableTransitionOnChange>
      <TRPCReactProvider>
        {children}
        <ConsoleToaster />
      </TRPCReactProvider>
    </ThemeProvider>
  );
}
