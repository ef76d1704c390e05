import { describe, expect, it } from 'vitest';
import { createLogger } from '../../src/log/logger.ts';

describe('logger', () => {
  it('redacts secrets and respects the level', () => {
    const lines: string[] = [];
    const log = createLogger({ level: 'info', format: 'json', secrets: ['xoxb-secret-token'], write: (l) => lines.push(l) });
    log.debug('x', 'hidden');
    log.info('x', 'token is xoxb-secret-token', { header: 'Bearer xoxb-secret-token' });
    expect(lines).toHaveLength(1);
    expect(lines[0]).not.toContain('xoxb-secret-token');
    expect(lines[0]).toContain('[redacted]');
  });
});
