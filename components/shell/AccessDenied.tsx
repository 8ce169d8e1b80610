import { Card } from '@/components/ui/Card';
import { joinPermissions } from '@/lib/permissions';

export function AccessDenied({ what, permissions }: { what: string; permissions: string[] }) {
  return (
    <Card role="alert">
      <h1 className="text-xl font-semibold">You don’t have access to {what}</h1>
      <p className="mt-2 text-sm text-slate-600 dark:text-slate-400">
        It needs the {joinPermissions(permissions, 'or')} permission. Ask an admin of your workspace if you need it.
      </p>
    </Card>
  );
}
