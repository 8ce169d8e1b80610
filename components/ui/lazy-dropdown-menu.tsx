'use client';

import type * as Radix from '@radix-ui/react-dropdown-menu';
import { lazy, Suspense, type ComponentProps, type ReactNode } from 'react';

/**
 * Radix's DropdownMenu, loaded with the first menu a page renders instead of with the page
 * (with its popper, focus and layer code it weighs ~30 KB compressed). Same parts and props;
 * `Root` takes a `fallback` to show in the trigger's place for the moment it loads (on a
 * server-rendered page, hydration waits for it instead, so the trigger is there from the start).
 */
let radix: typeof Radix | null = null;
const load = () =>
  import('@radix-ui/react-dropdown-menu').then((m) => {
    radix = m;
    return m;
  });
const LazyRoot = lazy(() => load().then((m) => ({ default: m.Root })));

export function Root({ fallback = null, ...props }: ComponentProps<typeof Radix.Root> & { fallback?: ReactNode }) {
  return (
    <Suspense fallback={fallback}>
      <LazyRoot {...props} />
    </Suspense>
  );
}

// The parts render only inside a Root, so the module is loaded by then.
export const Trigger = (props: ComponentProps<typeof Radix.Trigger>) => {
  const Part = radix!.Trigger;
  return <Part {...props} />;
};
export const Portal = (props: ComponentProps<typeof Radix.Portal>) => {
  const Part = radix!.Portal;
  return <Part {...props} />;
};
export const Content = (props: ComponentProps<typeof Radix.Content>) => {
  const Part = radix!.Content;
  return <Part {...props} />;
};
export const Item = (props: ComponentProps<typeof Radix.Item>) => {
  const Part = radix!.Item;
  return <Part {...props} />;
};
export const CheckboxItem = (props: ComponentProps<typeof Radix.CheckboxItem>) => {
  const Part = radix!.CheckboxItem;
  return <Part {...props} />;
};
export const Label = (props: ComponentProps<typeof Radix.Label>) => {
  const Part = radix!.Label;
  return <Part {...props} />;
};
export const Separator = (props: ComponentProps<typeof Radix.Separator>) => {
  const Part = radix!.Separator;
  return <Part {...props} />;
};
