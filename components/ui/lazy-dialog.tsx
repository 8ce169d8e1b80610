'use client';

import type * as Radix from '@radix-ui/react-dialog';
import { lazy, Suspense, useEffect, type ComponentProps, type ReactNode } from 'react';

/**
 * Radix's Dialog, loaded when a dialog first opens instead of with the page (with its focus
 * trap, scroll lock and layers it weighs ~20 KB compressed), and warmed once the page is idle so
 * that first opening is immediate. Render `Root` only while open (or keep it mounted: it loads
 * then); the parts render only inside it.
 */
let radix: typeof Radix | null = null;
export const loadDialog = () =>
  import('@radix-ui/react-dialog').then((m) => {
    radix = m;
    return m;
  });
const LazyRoot = lazy(() => loadDialog().then((m) => ({ default: m.Root })));

/** Loads the dialog code once the page has settled, so the first dialog opens without a wait. */
export function usePreloadDialog() {
  useEffect(() => {
    const timer = setTimeout(() => void loadDialog(), 2000);
    return () => clearTimeout(timer);
  }, []);
}

export function Root({ fallback = null, ...props }: ComponentProps<typeof Radix.Root> & { fallback?: ReactNode }) {
  return (
    <Suspense fallback={fallback}>
      <LazyRoot {...props} />
    </Suspense>
  );
}

export const Portal = (props: ComponentProps<typeof Radix.Portal>) => {
  const Part = radix!.Portal;
  return <Part {...props} />;
};
export const Overlay = (props: ComponentProps<typeof Radix.Overlay>) => {
  const Part = radix!.Overlay;
  return <Part {...props} />;
};
export const Content = (props: ComponentProps<typeof Radix.Content>) => {
  const Part = radix!.Content;
  return <Part {...props} />;
};
export const Title = (props: ComponentProps<typeof Radix.Title>) => {
  const Part = radix!.Title;
  return <Part {...props} />;
};
export const Description = (props: ComponentProps<typeof Radix.Description>) => {
  const Part = radix!.Description;
  return <Part {...props} />;
};
export const Close = (props: ComponentProps<typeof Radix.Close>) => {
  const Part = radix!.Close;
  return <Part {...props} />;
};
