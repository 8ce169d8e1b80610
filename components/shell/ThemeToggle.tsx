'use client';

import { useTheme } from 'next-themes';
import { useSyncExternalStore } from 'react';

const THEMES = [
  { value: 'light', label: 'Light' },
  { value: 'dark', label: 'Dark' },
  { value: 'system', label: 'System' },
] as const;

const noopSubscribe = () => () => {};

export function ThemeToggle() {
  const { theme, setTheme } = useTheme();
  // The chosen theme is only known in the browser: false while rendering on the server.
  const mounted = useSyncExternalStore(
    noopSubscribe,
    () => true,
    () => false,
  );
  return (
    <fieldset className="flex items-center gap-1" aria-label="Theme">
      <legend className="sr-only">Theme</legend>
      {THEMES.map((t) => (
        <button
          key={t.value}
          type="button"
          aria-pressed={mounted ? theme === t.value : undefined}
          onClick={() => setTheme(t.value)}
          className="rounded px-2 py-1 text-xs text-slate-600 hover:bg-slate-100 aria-pressed:bg-slate-200 aria-pressed:text-slate-900 dark:text-slate-300 dark:hover:bg-slate-800 dark:aria-pressed:bg-slate-700 dark:aria-pressed:text-white"
        >
          {t.label}
        </button>
      ))}
    </fieldset>
  );
}
