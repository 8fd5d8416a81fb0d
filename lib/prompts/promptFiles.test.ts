import { describe, expect, it } from 'vitest';
import { parsePromptFile, PromptFileError } from './promptFiles';

describe('prompt files', () => {
  it('reads a front-matter header with a parameters block, lists and comments', () => {
    const file = parsePromptFile('prompts/triage.md', [
      '---', 'name: triage-ticket', 'description: "Ticket triage: the first pass"', 'owner: support # team', 'tag: 2.0.1',
      'variables: [key, team]', 'parameters:', '  model: claude-sonnet-4', '  temperature: 0.2', '  stop: ["\\n\\n"]', 'message: it\'s fine', '---',
      'Triage {{key}} for the {{team}} team.', '',
    ].join('\r\n'));
    expect(file).toEqual({
      name: 'triage-ticket', description: 'Ticket triage: the first pass', owner: 'support', tag: '2.0.1', variables: ['key', 'team'],
      parameters: { model: 'claude-sonnet-4', temperature: 0.2, stop: ['\n\n'] }, message: "it's fine", template: 'Triage {{key}} for the {{team}} team.\n',
    });
  });

  it('takes the name from the file when the header has none, and plain text without a header', () => {
    expect(parsePromptFile('a/b/summarize-thread.txt', 'Summarize {{channel}}.')).toMatchObject({ name: 'summarize-thread', template: 'Summarize {{channel}}.', parameters: {} });
    expect(parsePromptFile('x.md', '---\nparameters: {"temperature": 1}\n---\nBody')).toMatchObject({ name: 'x', parameters: { temperature: 1 }, template: 'Body' });
  });

  it('reads JSON files', () => {
    expect(parsePromptFile('p/explain.json', '{"template": "Explain {{sql}}", "parameters": {"top_p": 0.9}, "tag": "1.0.4"}'))
      .toMatchObject({ name: 'explain', template: 'Explain {{sql}}', parameters: { top_p: 0.9 }, tag: '1.0.4' });
  });

  it('names the file and line of every mistake', () => {
    expect(() => parsePromptFile('bad.md', '---\nname: x\n')).toThrow(/never closed/);
    expect(() => parsePromptFile('bad.md', '---\nmodel: gpt\n---\nx')).toThrow(/bad.md:2: unknown front-matter key model/);
    expect(() => parsePromptFile('bad.md', '---\njust text\n---\nx')).toThrow(PromptFileError);
    expect(() => parsePromptFile('bad.json', '{"template": 1}')).toThrow(/template must be text/);
    expect(() => parsePromptFile('bad.json', '{"template": "x", "extra": 1}')).toThrow(/unknown keys extra/);
    expect(() => parsePromptFile('bad.json', '[1')).toThrow(/not valid JSON/);
  });
});
