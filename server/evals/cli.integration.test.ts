import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_MAX_FILE_BYTES } from '@/server/documents/settings';
import { uploadDocument } from '@/server/documents/upload';
import { JOB_HANDLERS } from '@/server/jobs/handlers';
import { Worker } from '@/server/jobs/worker';
import { startTestDatabase, type TestDatabase } from '@/test/db';
import { asUser, callerFor, createTenantFixture, withServiceContext, type Fixture } from '@/test/fixtures';
import { runEvalCli, type EvalCliOptions } from './cli';

let t: TestDatabase;
let f: Fixture;
let handbook: string;

const FACTS = [
  ['When does the office open?', 'The office opens at 8 am on weekdays.', '8 am'],
  ['How much does garage parking cost?', 'Garage parking costs five euros per day.', 'five euros'],
  ['How many days of annual leave are there?', 'Annual leave is twenty five days per year.', 'twenty five days'],
  ['Who approves expense claims?', 'Expense claims are approved by the finance team.', 'finance team'],
  ['Where is the first aid kit?', 'The first aid kit hangs beside the kitchen door.', 'kitchen door'],
  ['What is the wifi network called?', 'The guest wifi network is called Harbour Guest.', 'Harbour Guest'],
] as const;

async function drain() {
  const worker = new Worker({ db: t.db, handlers: JOB_HANDLERS });
  while (await worker.runOnce()) {
    // until the queue is empty
  }
}

async function upload(collectionId: string, filename: string, text: string) {
  const result = await withServiceContext(t.db, asUser(f, 'admin'), (ctx) =>
    uploadDocument(
      ctx,
      { allowedFileTypes: ['txt'], maxFileSizeBytes: DEFAULT_MAX_FILE_BYTES },
      { collectionId, filename, bytes: new TextEncoder().encode(text), onDuplicate: 'replace', visibility: 'tenant' },
    ),
  );
  await drain();
  if (result.status !== 'created') throw new Error('upload not created');
  return result.documentId;
}

async function cli(options: Partial<EvalCliOptions>) {
  const lines: string[] = [];
  const code = await runEvalCli(
    t.db,
    { tenant: f.tenant.slug, dataset: 'Handbook', as: null, name: 'cli', baseline: null, failOnRegression: false, ...options },
    (line) => lines.push(line),
    10,
  );
  return { code, output: lines.join('\n') };
}

beforeAll(async () => {
  t = await startTestDatabase();
  f = await createTenantFixture(t.db);
  const admin = callerFor(t.db, asUser(f, 'admin'));
  const general = (await admin.collections.create({ name: 'General', description: '', visibility: 'tenant' })).id;
  handbook = await upload(general, 'handbook.txt', FACTS.map(([, sentence]) => sentence).join('\n\n'));
  const dataset = await admin.evalDatasets.create({ name: 'Handbook', description: '' });
  for (const [question, , fact] of FACTS) {
    await admin.evalDatasets.createCase({ datasetId: dataset.id, question, keyFacts: [fact], documents: [{ documentId: handbook }] });
  }
}, 120_000);

afterAll(async () => {
  await t?.stop();
});

describe('npm run eval', () => {
  let baselineId: string;

  it('runs the dataset as the workspace’s admin and prints its metrics', async () => {
    const { code, output } = await cli({});
    expect(code).toBe(0);
    expect(output).toMatch(/Run [0-9a-f-]{36} of “Handbook” \(6 cases\) as admin@/);
    expect(output).toContain('6 of 6 cases');
    expect(output).toMatch(/Hit@k\s+100\.0%\s+\(n = 6\)/);
    expect(output).toMatch(/Key-fact coverage\s+100\.0%/);
    expect(output).toContain('No baseline to compare with');
    baselineId = /Run ([0-9a-f-]{36})/.exec(output)![1]!;
    await callerFor(t.db, asUser(f, 'admin')).evaluations.approve({ id: baselineId });
  });

  it('exits 1 with --fail-on-regression once the documents lost the answers', async () => {
    // The tenant changed its documents: the handbook is gone, so every case loses its gold passage.
    await callerFor(t.db, asUser(f, 'admin')).documents.delete({ id: handbook });
    const { code, output } = await cli({ failOnRegression: true, as: f.users.editor.email });
    expect(output).toContain(`as ${f.users.editor.email}`);
    expect(output).toMatch(/Compared with cli \([0-9a-f-]{36}\) over 6 paired cases/);
    expect(output).toMatch(/Hit@k\s+100\.0% →\s+0\.0%\s+−100\.0 pt \[−100\.0 pt, −100\.0 pt\]\s+WORSE/);
    expect(output).toContain('Newly failing: 6');
    expect(output).toContain('✗ #');
    expect(output).toMatch(/Regression: .*Hit@k/);
    expect(code).toBe(1);
    // Without the flag the same finding is printed, and the exit code stays 0.
    const again = await cli({ baseline: baselineId });
    expect(again.output).toContain('WORSE');
    expect(again.code).toBe(0);
  });

  it('says what is wrong with the workspace, the member or the dataset, and exits 2', async () => {
    expect(await cli({ tenant: 'no-such-workspace' })).toEqual({ code: 2, output: 'No workspace has the slug “no-such-workspace”.' });
    expect((await cli({ dataset: 'Nope' })).output).toBe(`No dataset is named “Nope” in ${f.tenant.slug}. Datasets: Handbook.`);
    const viewer = await cli({ as: f.users.viewer.email });
    expect(viewer).toEqual({
      code: 2,
      output: `${f.users.viewer.email} is not an active member of this workspace who may run evaluations.`,
    });
  });
});
