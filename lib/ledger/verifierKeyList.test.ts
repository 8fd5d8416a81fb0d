import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { verifierKey } from './signedNote';
import { parseVerifierKeyList } from './verifierKeyList';

const newKey = (name: string) => verifierKey(name, generateKeyPairSync('ed25519').publicKey);

describe('parseVerifierKeyList', () => {
  const [first, second] = [newKey('warden.local'), newKey('warden.local')];

  it('reads one key, lines of keys with comments and trailing text, and the keys endpoint\'s JSON', () => {
    expect(parseVerifierKeyList(`  ${first}\n`, '--pubkey')).toEqual([first]);
    expect(parseVerifierKeyList(`# warden keys\n${first} 2026-01-01T00:00:00Z 2026-06-01T00:00:00Z\r\n\n${second}\n${first}\n`, 'keys.txt')).toEqual([first, second]);
    const endpoint = { keys: [{ verifier_key: first, valid_from: '2026-01-01T00:00:00.000Z', valid_until: '2026-06-01T00:00:00.000Z' }, { verifier_key: second, valid_from: '2026-06-01T00:00:00.000Z', valid_until: null }] };
    expect(parseVerifierKeyList(JSON.stringify(endpoint, null, 2), 'keys.json')).toEqual([first, second]);
    expect(parseVerifierKeyList(JSON.stringify([second]), 'keys.json')).toEqual([second]);
  });

  it('names what is wrong instead of passing on a key no checkpoint could match', () => {
    expect(() => parseVerifierKeyList('', 'keys.txt')).toThrow('keys.txt holds no verifier key');
    expect(() => parseVerifierKeyList('# nothing\n', 'keys.txt')).toThrow('keys.txt holds no verifier key');
    expect(() => parseVerifierKeyList(`${first}\nwarden.local+0000+AAAA\n`, 'keys.txt')).toThrow(/keys.txt: "warden.local\+0000\+AAAA" is not a verifier key \(malformed/);
    const wrongId = first.replace(/\+([0-9a-f]{8})\+/, (_, id: string) => `+${id === '00000000' ? '11111111' : '00000000'}+`);
    expect(() => parseVerifierKeyList(wrongId, '--pubkey')).toThrow(/does not match its name and key/);
    expect(() => parseVerifierKeyList('{"keys": ', 'keys.json')).toThrow(/keys.json is not valid JSON/);
    expect(() => parseVerifierKeyList('{"key": []}', 'keys.json')).toThrow(/expected \{"keys": \[...\]\}/);
    expect(() => parseVerifierKeyList('{"keys": [{"valid_from": "x"}]}', 'keys.json')).toThrow('keys.json: key 1 has no verifier_key');
  });
});
