// X-Klavi-Signature, as Klavi's Payment Events page documents it: the hex SHA-256 HMAC of the
// request body, keyed with the partner's secretKey.
import { createHmac } from 'node:crypto';

export const signatureOf = (body: string, secretKey: string): string =>
  createHmac('sha256', secretKey).update(body).digest('hex');
