// Signing secrets: made here (Standard Webhooks' whsec_ form), stored encrypted (AES-256-GCM) and decrypted only
// to sign. The key is WEBHOOK_SECRET_KEY, or one kept in the database when it is not set.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { DataSource } from 'typeorm';

/** A new signing secret: 24 random bytes, base64, with the whsec_ prefix the Standard Webhooks libraries read. */
export function newSigningSecret(): string {
  return `whsec_${randomBytes(24).toString('base64')}`;
}

export class SecretBox {
  /** The first seals; every one opens (a key set after secrets were sealed with the database's still opens those). */
  private constructor(private readonly keys: Buffer[]) {}

  /** The configured key, or the database's own (created once; a race between processes keeps the first). */
  static async open(dataSource: DataSource, configured: string | null): Promise<SecretBox> {
    if (!configured) await dataSource.query(`INSERT INTO webhook_key (id, key) VALUES (1, $1) ON CONFLICT (id) DO NOTHING`, [randomBytes(32).toString('base64')]);
    const rows = (await dataSource.query(`SELECT key FROM webhook_key WHERE id = 1`)) as Array<{ key: string }>;
    const stored = rows.map((r) => Buffer.from(r.key, 'base64'));
    return new SecretBox(configured ? [Buffer.from(configured, 'base64'), ...stored] : stored);
  }

  seal(plain: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.keys[0], iv);
    const sealed = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return `v1.${iv.toString('base64')}.${cipher.getAuthTag().toString('base64')}.${sealed.toString('base64')}`;
  }

  open(sealed: string): string {
    const [version, iv, tag, data] = sealed.split('.');
    if (version !== 'v1' || !iv || !tag || !data) throw new Error('unreadable sealed secret');
    for (const key of this.keys) {
      try {
        const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64'));
        decipher.setAuthTag(Buffer.from(tag, 'base64'));
        return Buffer.concat([decipher.update(Buffer.from(data, 'base64')), decipher.final()]).toString('utf8');
      } catch {
        // another key sealed it
      }
    }
    throw new Error('a signing secret sealed with a key this process does not have (WEBHOOK_SECRET_KEY changed?)');
  }
}
