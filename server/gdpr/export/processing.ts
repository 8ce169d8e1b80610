import 'server-only';

export type ModelProviderInfo = {
  providerType: 'local' | 'openai-compatible';
  /** The catalogue name of the provider, when the tenant chose one. */
  providerName: string | null;
  baseUrl: string | null;
  modelName: string;
  embeddingModel: string | null;
  enabled: boolean;
};

export type ProcessingInput = {
  tenantName: string;
  models: ModelProviderInfo[];
  /** Days the workspace keeps data, when it set a retention period; null: kept until deleted. */
  retentionDays: number | null;
  /** Further retention settings by class of data (days; null: forever), when the workspace has them. */
  retentionByClass?: Record<string, number | null>;
};

const UNTIL_DELETED = 'kept until deleted by the workspace or erased on request';

/** The host of a model endpoint, never its path, query or credentials. */
export function endpointHost(baseUrl: string | null): string | null {
  if (!baseUrl) return null;
  try {
    return new URL(baseUrl).host || null;
  } catch {
    return null;
  }
}

function recipientOf(model: ModelProviderInfo) {
  if (model.providerType === 'local') {
    return {
      recipient: 'None: answers are composed on the platform itself by a built-in local model',
      role: 'no third party',
      model: model.modelName,
      data: 'none leaves the platform',
      enabled: model.enabled,
    };
  }
  const host = endpointHost(model.baseUrl);
  return {
    recipient: model.providerName ? `${model.providerName} (${host ?? 'unknown host'})` : (host ?? 'an OpenAI-compatible model provider'),
    role: 'processor engaged by the workspace for generating answers',
    host,
    model: model.modelName,
    embeddingModel: model.embeddingModel,
    data: 'questions, earlier messages of the same chat and passages of documents retrieved to answer them',
    enabled: model.enabled,
  };
}

function retentionText(days: number | null | undefined): string {
  return days == null ? UNTIL_DELETED : `kept for ${days} days, then deleted`;
}

/** The information GDPR Art. 15(1)(a)–(h) gives the subject, for `processing.json`. */
export function buildProcessingInfo(input: ProcessingInput) {
  const byClass = input.retentionByClass ?? {};
  const period = (cls: string) => retentionText(cls in byClass ? byClass[cls] : input.retentionDays);
  return {
    controller: input.tenantName,
    processor: 'AgenticOmni Console (operates the workspace for the controller)',
    purposes: [
      'Providing your account in the workspace and signing you in',
      'Answering questions about the workspace’s documents (search, generated answers with citations)',
      'Storing and processing documents you uploaded so that the workspace can search them',
      'Metering use against the workspace’s quotas and costs',
      'Security and accountability: the audit log of actions in the workspace',
    ],
    legalBasis: 'as determined by the controller (typically the employment or service contract, or legitimate interests)',
    categoriesOfData: [
      { category: 'Identity and contact data', examples: 'e-mail address, full name' },
      { category: 'Account data', examples: 'status, roles, sign-in times' },
      { category: 'Content you created', examples: 'chat questions, answers given to you, feedback, uploaded files' },
      { category: 'Usage data', examples: 'tokens, requests and costs per day' },
      { category: 'Technical and security data', examples: 'audit entries with IP address and browser' },
      { category: 'API key metadata', examples: 'key names, prefixes, scopes and dates (never the keys themselves)' },
    ],
    recipients: [
      { recipient: input.tenantName, role: 'controller: the workspace’s administrators' },
      { recipient: 'AgenticOmni Console platform operators', role: 'processor: hosting and operation' },
      ...input.models.map(recipientOf),
    ],
    retention: {
      account: period('account'),
      chats: period('chats'),
      documents: period('documents'),
      usage: period('usage'),
      auditLog: period('audit'),
    },
    source:
      'Collected from you (your account, your chats, your uploads) and from your use of the workspace; your account may have been created by a workspace administrator.',
    automatedDecisionMaking: 'None: generated answers do not decide anything about you.',
    yourRights: [
      { right: 'Access', article: 'Art. 15', description: 'Obtain a copy of your data (this archive).' },
      { right: 'Rectification', article: 'Art. 16', description: 'Have inaccurate data about you corrected.' },
      { right: 'Erasure', article: 'Art. 17', description: 'Have your data erased.' },
      { right: 'Restriction', article: 'Art. 18', description: 'Have the processing of your data restricted.' },
      { right: 'Portability', article: 'Art. 20', description: 'Receive your data in a machine-readable format (the JSON files here).' },
      { right: 'Objection', article: 'Art. 21', description: 'Object to processing based on legitimate interests.' },
      {
        right: 'Complaint',
        article: 'Art. 77',
        description: 'Lodge a complaint with a supervisory authority, in particular in the member state where you live or work.',
      },
    ],
    howToExercise: `Ask ${input.tenantName}'s administrators, or file a request from your account menu in the console.`,
  };
}

export type ProcessingInfo = ReturnType<typeof buildProcessingInfo>;
