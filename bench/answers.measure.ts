/**
 * Answer quality of the offline answerer, measured with the evaluation engine: the demo datasets
 * (seeded as at first start) and a small dataset over real texts (two licences from
 * /usr/share/common-licenses, a manual with a long synopsis, a CSV of services), printed as
 * `npm run eval` prints them. Run: `npx vitest run -c bench/vitest.answers.config.ts`.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, it } from 'vitest';
import { seedDemo } from '@/server/cli/seed';
import { DEFAULT_MAX_FILE_BYTES } from '@/server/documents/settings';
import { uploadDocument } from '@/server/documents/upload';
import { runEvalCli } from '@/server/evals/cli';
import { JOB_HANDLERS } from '@/server/jobs/handlers';
import { Worker } from '@/server/jobs/worker';
import { startTestDatabase, type TestDatabase } from '@/test/db';
import { asUser, callerFor, createTenantFixture, withServiceContext, type Fixture } from '@/test/fixtures';

const MANUAL = `# harbor-sync manual

## Synopsis
harbor-sync keeps a directory in step with a Harbor backup server. It watches the directory for changes, batches them every few seconds, compresses and encrypts each batch with the key named in the configuration, and sends it to the server over a single TLS connection that it keeps open between batches. When the connection drops it retries with exponential back-off, up to ten minutes between attempts, and it never deletes a local file because the server lost it. Large files are split into blocks of four megabytes so that a change in the middle of a file sends only the blocks that changed. Deleted files are kept on the server for thirty days before they are purged, so that a mistaken deletion can be undone. The daemon writes its log to the system journal and reports its state on a local status socket that harbor-status reads.

## Configuration
The configuration file is /etc/harbor/harbor.conf. It is read at start and again when the daemon receives SIGHUP.
The sync daemon listens on port 8730 by default. Change it with the listen_port setting.
Bandwidth can be limited with max_rate, e.g. max_rate = 5M for five megabytes per second.

## Restoring files
To restore a single file, run harbor restore --file PATH --to DIR. The file is written to DIR with its original permissions.
To restore a whole directory, run harbor restore --dir PATH. This replaces the local directory; the previous content is moved to PATH.old first.

## Exit codes
The command exits with one of these codes:
0 means success.
2 means the configuration file is invalid.
3 means the client could not reach the server.
4 means the encryption key is missing.
`;

const SERVICES_CSV = `service,port,protocol,description
ssh,22,tcp,Secure shell for remote logins
smtp,25,tcp,Outgoing mail
dns,53,udp,Name resolution
http,80,tcp,Web traffic without encryption
https,443,tcp,Encrypted web traffic
ntp,123,udp,Time synchronisation
postgres,5432,tcp,The database
`;

const CASES: Array<{ question: string; keyFacts: string[]; doc: string | null }> = [
  {
    question: 'What kind of copyright license does each Contributor grant under the Apache License?',
    keyFacts: ['perpetual', 'royalty-free'],
    doc: 'apache.txt',
  },
  {
    question: 'When does the patent license granted under the Apache License terminate?',
    keyFacts: ['litigation is filed'],
    doc: 'apache.txt',
  },
  { question: 'What is a Derivative Work in the Apache License?', keyFacts: ['derived from'], doc: 'apache.txt' },
  { question: 'What must a redistribution include when the Work has a NOTICE file?', keyFacts: ['attribution notices'], doc: 'apache.txt' },
  {
    question: 'How long must a written offer for the Corresponding Source remain valid?',
    keyFacts: ['at least three years'],
    doc: 'gpl3.txt',
  },
  { question: 'What happens to my rights if I violate the GPL?', keyFacts: ['terminate'], doc: 'gpl3.txt' },
  { question: 'Is there any warranty for the program under the GPL?', keyFacts: ['no warranty'], doc: 'gpl3.txt' },
  {
    question: 'How many days after a notice of violation must it be cured to reinstate the license?',
    keyFacts: ['30 days'],
    doc: 'gpl3.txt',
  },
  { question: 'Which port does the sync daemon listen on?', keyFacts: ['8730'], doc: 'harbor-sync.md' },
  { question: 'What does exit code 3 mean?', keyFacts: ['could not reach the server'], doc: 'harbor-sync.md' },
  { question: 'How do I restore a single file?', keyFacts: ['harbor restore --file'], doc: 'harbor-sync.md' },
  { question: 'Where is the configuration file?', keyFacts: ['/etc/harbor/harbor.conf'], doc: 'harbor-sync.md' },
  { question: 'How long are deleted files kept on the server?', keyFacts: ['thirty days'], doc: 'harbor-sync.md' },
  { question: 'Which port does ssh use?', keyFacts: ['22'], doc: 'services.csv' },
  { question: 'What protocol does dns use?', keyFacts: ['udp'], doc: 'services.csv' },
  { question: 'Which service uses port 443?', keyFacts: ['https'], doc: 'services.csv' },
  { question: 'What is the boiling point of mercury?', keyFacts: [], doc: null },
  { question: 'Who won the football world cup in 1998?', keyFacts: [], doc: null },
];

let t: TestDatabase;
let f: Fixture;

async function drain() {
  const worker = new Worker({ db: t.db, handlers: JOB_HANDLERS });
  while (await worker.runOnce()) {
    // until the queue is empty
  }
}

beforeAll(async () => {
  t = await startTestDatabase();
  await seedDemo(t.db, { embedded: true });
  f = await createTenantFixture(t.db);
  await drain();
  const admin = callerFor(t.db, asUser(f, 'admin'));
  const general = (await admin.collections.create({ name: 'General', description: '', visibility: 'tenant' })).id;
  const docs: Record<string, string> = {
    'apache.txt': readFileSync('/usr/share/common-licenses/Apache-2.0', 'utf8'),
    'gpl3.txt': readFileSync('/usr/share/common-licenses/GPL-3', 'utf8'),
    'harbor-sync.md': MANUAL,
    'services.csv': SERVICES_CSV,
  };
  const ids = new Map<string, string>();
  for (const [filename, text] of Object.entries(docs)) {
    const result = await withServiceContext(t.db, asUser(f, 'admin'), (ctx) =>
      uploadDocument(
        ctx,
        { allowedFileTypes: ['txt', 'md', 'csv'], maxFileSizeBytes: DEFAULT_MAX_FILE_BYTES },
        { collectionId: general, filename, bytes: new TextEncoder().encode(text), onDuplicate: 'replace', visibility: 'tenant' },
      ),
    );
    if (result.status !== 'created') throw new Error(`upload of ${filename} not created`);
    ids.set(filename, result.documentId);
  }
  await drain();
  const dataset = await admin.evalDatasets.create({ name: 'Real texts', description: '' });
  for (const c of CASES) {
    await admin.evalDatasets.createCase({
      datasetId: dataset.id,
      question: c.question,
      keyFacts: c.keyFacts,
      documents: c.doc ? [{ documentId: ids.get(c.doc)! }] : [],
    });
  }
}, 600_000);

afterAll(async () => {
  await t?.stop();
});

const savedInput = (s: {
  providerType: 'local' | 'openai-compatible';
  baseUrl: string | null;
  modelName: string;
  temperature: number;
  maxTokens: number;
}) => ({
  providerType: s.providerType,
  baseUrl: s.baseUrl,
  modelName: s.modelName,
  temperature: s.temperature,
  maxTokens: s.maxTokens,
});

it('prints the metrics of each dataset', async () => {
  for (const [tenant, dataset] of [
    ['acme', 'Acme basics'],
    ['globex', 'Travel policy'],
    [f.tenant.slug, 'Real texts'],
  ] as const) {
    const lines: string[] = [];
    await runEvalCli(
      t.db,
      { tenant, dataset, as: null, name: 'measure', baseline: null, failOnRegression: false },
      (l) => lines.push(l),
      10,
    );
    console.log(lines.join('\n'));
  }
  // The same dataset with each rerank mode the offline answerer can use.
  const admin = callerFor(t.db, asUser(f, 'admin'));
  const saved = await admin.settings.getLlm();
  const lines: string[] = [];
  await admin.settings.updateLlm({ ...savedInput(saved), retrieval: { ...saved.retrieval, rerank: 'mix' } });
  await runEvalCli(
    t.db,
    { tenant: f.tenant.slug, dataset: 'Real texts', as: null, name: 'rerank mix', baseline: null, failOnRegression: false },
    (l) => lines.push(l),
    10,
  );
  console.log(`With rerank: mix\n${lines.join('\n')}`);
  await admin.settings.updateLlm({ ...savedInput(saved), retrieval: { ...saved.retrieval, rerank: 'off' } });
  if (process.env.ANSWERS_SHOW) {
    const viewer = callerFor(t.db, asUser(f, 'viewer'));
    for (const c of CASES) {
      const sessionId = (await viewer.chat.create({ collectionIds: [] })).id;
      let text = '';
      for await (const e of await viewer.chat.onAnswer({ sessionId, question: c.question }))
        if (e.type === 'done') text = e.message.content;
      console.log(`Q: ${c.question}\nA: ${text}\n`);
    }
  }
});
