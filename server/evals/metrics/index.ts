/**
 * The evaluation metrics library (issue 13): pure, deterministic, no database and no model.
 * Datasets, runs and report pages build on these functions; docs/ARCHITECTURE.md ("Evaluation
 * metrics") gives the formulas and choices.
 */
export * from './aggregate';
export * from './answer';
export * from './bootstrap';
export * from './catalogue';
export * from './citations';
export * from './compare';
export * from './retrieval';
export * from './score-case';
export * from './verdict';
export { answerTokens, contentTokens, normalizeAnswer, splitAnswer, stripCitationMarkers, type AnswerSentence } from './text';
