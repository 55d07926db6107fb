import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadConfig } from './config.ts';

describe('configuration', () => {
  it('reads LEERGOED_MEMORY_INDEX as on (with text), filters only, or off, and refuses anything else', () => {
    const memory = (value?: string) =>
      loadConfig({ LEERGOED_SECRET: 'x', ...(value === undefined ? {} : { LEERGOED_MEMORY_INDEX: value }) })
        .memoryIndex;
    assert.equal(memory(), 'full');
    assert.equal(memory('true'), 'full');
    assert.equal(memory('filters'), 'filters');
    assert.equal(memory('false'), 'off');
    for (const wrong of ['yes', 'constructor', ''])
      assert.throws(() => memory(wrong), /LEERGOED_MEMORY_INDEX must be "true", "filters" or "false"/);
  });

  it('refuses a port that is not one', () => {
    assert.throws(() => loadConfig({ LEERGOED_SECRET: 'x', PORT: '70000' }), /PORT must be a port number/);
  });
});
