import { describe, expect, it } from 'vitest';
import { EVAL_USAGE, parseEvalArgs } from './cli';

describe('parseEvalArgs', () => {
  it('reads the options, with defaults', () => {
    expect(parseEvalArgs(['--tenant', 'acme', '--dataset', 'Acme basics'])).toEqual({
      ok: true,
      options: { tenant: 'acme', dataset: 'Acme basics', as: null, name: 'command line', baseline: null, failOnRegression: false },
    });
    const id = '0b6f7c1e-2d3a-4b5c-8d9e-0f1a2b3c4d5e';
    expect(
      parseEvalArgs(['--tenant=acme', '--dataset=x', '--baseline', id, '--fail-on-regression', '--as', 'a@b.test', '--name', 'nightly']),
    ).toMatchObject({ ok: true, options: { baseline: id, failOnRegression: true, as: 'a@b.test', name: 'nightly' } });
  });

  it('says what is missing or wrong', () => {
    expect(parseEvalArgs(['--dataset', 'x'])).toEqual({ ok: false, message: 'Name the workspace with --tenant <slug>.' });
    expect(parseEvalArgs(['--tenant', 'acme', '--dataset', '  '])).toEqual({
      ok: false,
      message: 'Name the dataset with --dataset <name>.',
    });
    expect(parseEvalArgs(['--tenant', 'a', '--dataset', 'x', '--baseline', 'last'])).toMatchObject({
      ok: false,
      message: expect.stringContaining('run id'),
    });
    expect(parseEvalArgs(['--tenant', 'a', '--dataset', 'x', '--colour'])).toMatchObject({
      ok: false,
      message: expect.stringMatching(/colour/),
    });
    expect(parseEvalArgs(['--help'])).toEqual({ ok: false, message: EVAL_USAGE, help: true });
  });
});
