import { createHash, generateKeyPairSync, randomBytes, sign } from 'node:crypto';
import { isIP } from 'node:net';
import { bitString, boolean, explicit, integer, objectIdentifier, octetString, sequence, set, time, tlv, utf8String } from './der.js';

export interface SelfSignedCertificate {
  /** PEM of the certificate: what a client trusts (e.g. NODE_EXTRA_CA_CERTS). */
  cert: string;
  /** PEM of the private key; stays in memory. */
  key: string;
}

const OID = {
  ecdsaWithSha256: '1.2.840.10045.4.3.2',
  commonName: '2.5.4.3',
  basicConstraints: '2.5.29.19',
  keyUsage: '2.5.29.15',
  extendedKeyUsage: '2.5.29.37',
  serverAuth: '1.3.6.1.5.5.7.3.1',
  subjectAltName: '2.5.29.17',
  subjectKeyIdentifier: '2.5.29.14',
};

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * A fresh self-signed certificate (ECDSA P-256, SHA-256) for localhost, 127.0.0.1, ::1 and the
 * given host names, made with node:crypto alone. It is its own CA, so trusting the file is enough.
 */
export function selfSignedCertificate(hosts: readonly string[] = []): SelfSignedCertificate {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const spki = publicKey.export({ type: 'spki', format: 'der' });
  const algorithm = sequence(objectIdentifier(OID.ecdsaWithSha256));
  const name = sequence(set(sequence(objectIdentifier(OID.commonName), utf8String('Kling sandbox'))));
  const now = Date.now();

  const names = [
    ...new Set(['localhost', '127.0.0.1', '::1', ...hosts].filter((host) => host !== '' && host !== '0.0.0.0' && host !== '::')),
  ];
  const altNames = names.map((host) => {
    const family = isIP(host);
    if (family === 4) return tlv(0x87, Buffer.from(host.split('.').map(Number)));
    if (family === 6) return tlv(0x87, ipv6Bytes(host));
    return tlv(0x82, Buffer.from(host, 'ascii'));
  });

  const extension = (oid: string, critical: boolean, value: Buffer): Buffer =>
    sequence(objectIdentifier(oid), ...(critical ? [boolean(true)] : []), octetString(value));
  const publicKeyBits = spki.subarray(spki.length - 65);
  const extensions = sequence(
    extension(OID.basicConstraints, true, sequence(boolean(true))),
    // digitalSignature (bit 0) and keyCertSign (bit 5): 1000 01xx, 2 unused bits.
    extension(OID.keyUsage, true, bitString(Buffer.from([0x84]), 2)),
    extension(OID.extendedKeyUsage, false, sequence(objectIdentifier(OID.serverAuth))),
    extension(OID.subjectAltName, false, sequence(...altNames)),
    extension(OID.subjectKeyIdentifier, false, octetString(createHash('sha1').update(publicKeyBits).digest())),
  );

  const serial = randomBytes(16);
  serial[0] = (serial[0] as number) & 0x7f;
  const tbs = sequence(
    explicit(0, integer(Buffer.from([2]))),
    integer(serial),
    algorithm,
    name,
    sequence(time(new Date(now - DAY_MS)), time(new Date(now + 365 * DAY_MS))),
    name,
    spki,
    explicit(3, extensions),
  );
  const signature = sign('sha256', tbs, privateKey);
  const der = sequence(tbs, algorithm, bitString(signature));
  return {
    cert: `-----BEGIN CERTIFICATE-----\n${der
      .toString('base64')
      .replace(/(.{64})/g, '$1\n')
      .trimEnd()}\n-----END CERTIFICATE-----\n`,
    key: privateKey.export({ type: 'pkcs8', format: 'pem' }) as string,
  };
}

function ipv6Bytes(address: string): Buffer {
  const [head = '', tail = ''] = address.split('::');
  const left = head === '' ? [] : head.split(':');
  const right = tail === '' ? [] : tail.split(':');
  const groups = address.includes('::') ? [...left, ...Array(8 - left.length - right.length).fill('0'), ...right] : left;
  const bytes = Buffer.alloc(16);
  groups.forEach((group, index) => bytes.writeUInt16BE(parseInt(group as string, 16), index * 2));
  return bytes;
}
