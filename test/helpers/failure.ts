// Awaits a promise that must fail with a BreachwatchError, and returns the error for more checks.
import { expect } from 'vitest';
import { BreachwatchError } from '../../src/domain/errors.ts';

export async function failure(promise: Promise<unknown>): Promise<BreachwatchError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(BreachwatchError);
    return error as BreachwatchError;
  }
  throw new Error('expected a BreachwatchError, but the call succeeded');
}
