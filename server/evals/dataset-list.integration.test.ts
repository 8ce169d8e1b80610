import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestDatabase, type TestDatabase } from '@/test/db';
import { asUser, callerFor, createTenantFixture, type Fixture } from '@/test/fixtures';

let t: TestDatabase;
let a: Fixture;

beforeAll(async () => {
  t = await startTestDatabase();
  a = await createTenantFixture(t.db);
});

afterAll(async () => {
  await t?.stop();
});

describe('the list of datasets', () => {
  it('sorts by name (the default), by last change or by number of cases, either way', async () => {
    const caller = callerFor(t.db, asUser(a, 'editor'));
    const beta = await caller.evalDatasets.create({ name: 'beta' });
    const alpha = await caller.evalDatasets.create({ name: 'Alpha' });
    const gamma = await caller.evalDatasets.create({ name: 'Gamma' });
    await caller.evalDatasets.import({ datasetId: gamma.id, format: 'jsonl', content: '{"question":"a?"}\n{"question":"b?"}' });
    // The last change: a case added to beta after gamma's import.
    await caller.evalDatasets.createCase({ datasetId: beta.id, question: 'c?' });

    const ids = async (input: Parameters<typeof caller.evalDatasets.list>[0]) =>
      (await caller.evalDatasets.list(input)).items.map((d) => d.id);
    expect(await ids({})).toEqual([alpha.id, beta.id, gamma.id]);
    expect(await ids({ sort: 'name', dir: 'desc' })).toEqual([gamma.id, beta.id, alpha.id]);
    expect(await ids({ sort: 'cases' })).toEqual([gamma.id, beta.id, alpha.id]);
    expect(await ids({ sort: 'cases', dir: 'asc' })).toEqual([alpha.id, beta.id, gamma.id]);
    expect((await ids({ sort: 'updated' }))[0]).toBe(beta.id);
  });
});
