import { redirect } from 'next/navigation';
import { getPrincipal, homePath } from '@/server/auth/guards';

export default async function Home() {
  const principal = await getPrincipal();
  redirect(principal ? homePath(principal) : '/sign-in');
}
