// A closed output pipe is reported once and is not a crash; any other stream error still is.
import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { isClosedPipe, onClosedPipe } from '../../src/cli/pipes.ts';

const errno = (code: string): NodeJS.ErrnoException => Object.assign(new Error(`write ${code}`), { code });

describe('onClosedPipe', () => {
  it('calls back once however many writes fail because the reader went away', () => {
    const stream = new EventEmitter();
    let calls = 0;
    onClosedPipe(stream, () => (calls += 1));
    stream.emit('error', errno('EPIPE'));
    stream.emit('error', errno('ERR_STREAM_DESTROYED'));
    expect(calls).toBe(1);
  });

  it('throws any other error again, as an unhandled stream error would', () => {
    const stream = new EventEmitter();
    onClosedPipe(stream, () => undefined);
    expect(() => stream.emit('error', errno('ENOSPC'))).toThrow('write ENOSPC');
    expect(isClosedPipe(errno('EPIPE'))).toBe(true);
    expect(isClosedPipe(new Error('EPIPE'))).toBe(false);
  });
});
