/** What a chat model is given: the retrieved passages, numbered as the answer must cite them. */
export type ChatContext = {
  n: number;
  chunkId: string;
  documentId: string;
  filename: string;
  page: number | null;
  section: string | null;
  content: string;
  charStart: number;
  score: number;
  similarity: number | null;
  textMatch: boolean;
};

export type ChatTurn = { role: 'user' | 'assistant'; content: string };

export type ChatEvent = { type: 'delta'; text: string } | { type: 'usage'; inputTokens: number; outputTokens: number };

export type AnswerInput = {
  question: string;
  /** The question as searched, with what a follow-up leaves implicit ("its price" → of what). */
  searchQuery?: string;
  history: ChatTurn[];
  contexts: ChatContext[];
  signal?: AbortSignal;
};

/** A model that answers from numbered contexts, citing them as [n], streaming as it goes. */
export interface ChatModel {
  readonly provider: string;
  readonly model: string;
  answer(input: AnswerInput): AsyncIterable<ChatEvent>;
}

/** The reply when the documents hold nothing relevant: said plainly, never guessed. */
export const NO_ANSWER = "I couldn't find anything about that in the documents you can access, so I can't answer it.";
