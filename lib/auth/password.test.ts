import bcrypt from 'bcryptjs';
import { describe, expect, it } from 'vitest';
import { DUMMY_HASH, hashPassword, verifyPassword } from './password';

describe('password hashing', () => {
  it('checks a miss against a hash of the same cost as real ones, so an unknown account answers as slowly as a wrong password', async () => {
    const real = await hashPassword('correct horse battery');
    expect(bcrypt.getRounds(DUMMY_HASH)).toBe(bcrypt.getRounds(real));
    expect(DUMMY_HASH).toMatch(/^\$2[aby]\$\d\d\$[./A-Za-z0-9]{53}$/);
    expect(await verifyPassword('correct horse battery', real)).toBe(true);
    expect(await verifyPassword('correct horse battery', null)).toBe(false);
    expect(await verifyPassword('wrong horse battery', real)).toBe(false);
  });
});
