/** Next.js start-up hook: background work runs in the Node.js server process only. */
export async function register() {
  if (process.env.NEXT_RUNTIME === 'nodejs') {
    const { startBackgroundWork } = await import('./server/cli/background');
    startBackgroundWork();
  }
}
