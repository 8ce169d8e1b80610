import { describe, expect, it } from 'vitest';
import { judgeMessages, parseJudgement } from './judge';

describe('parseJudgement', () => {
  it('scores claims and relevance from the JSON reply', () => {
    const reply =
      '{"claims": [{"claim": "It costs 90 euros", "supported": true}, {"claim": "It is the best", "supported": false}], "relevance": 4}';
    expect(parseJudgement(reply)).toEqual({
      claimFaithfulness: 0.5,
      answerRelevance: 0.75,
      claims: [
        { text: 'It costs 90 euros', supported: true },
        { text: 'It is the best', supported: false },
      ],
    });
  });

  it('finds the JSON inside prose and code fences, braces in strings included', () => {
    const reply = 'Here you go:\n```json\n{"claims": [{"claim": "Use {x} here", "supported": true}], "relevance": 5}\n```\nDone.';
    expect(parseJudgement(reply)).toMatchObject({ claimFaithfulness: 1, answerRelevance: 1, claims: [{ text: 'Use {x} here' }] });
  });

  it('no claims: faithfulness does not apply; relevance still does', () => {
    expect(parseJudgement('{"claims": [], "relevance": 1}')).toEqual({ claimFaithfulness: null, answerRelevance: 0, claims: [] });
  });

  it('refuses what is not the shape asked for', () => {
    expect(parseJudgement('I think it is fine.')).toBeNull();
    expect(parseJudgement('{"claims": [], "relevance": 9}')).toBeNull();
    expect(parseJudgement('{"claims": [{"claim": "x", "supported": "yes"}], "relevance": 3}')).toBeNull();
    expect(parseJudgement('{"claims": "none", "relevance": 3}')).toBeNull();
    expect(parseJudgement('{"claims": [], "relevance": 3')).toBeNull();
  });
});

describe('judgeMessages', () => {
  it('numbers the passages and bounds their length', () => {
    const [system, user] = judgeMessages('Q?', 'A [1].', ['first', 'x'.repeat(10_000)]);
    expect(system!.role).toBe('system');
    expect(user!.content).toContain('QUESTION:\nQ?');
    expect(user!.content).toContain('[1] first');
    expect(user!.content.length).toBeLessThan(4_200);
  });
});
