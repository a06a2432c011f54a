/**
 * Removes known secrets from text before it reaches a log line or an error message. A defence in
 * depth: the code never puts a secret in a message on purpose, but a server may echo one back.
 */
export class Redactor {
  private readonly secrets: string[];

  constructor(secrets: readonly (string | undefined)[]) {
    this.secrets = secrets.filter((secret): secret is string => typeof secret === 'string' && secret.length >= 4);
  }

  text(value: string): string {
    let result = value;
    for (const secret of this.secrets) result = result.split(secret).join('[redacted]');
    // Whatever a JWT looks like, it is a credential.
    return result.replace(/eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}/g, '[redacted-jwt]');
  }

  fields(fields: Record<string, unknown> | undefined): Record<string, unknown> | undefined {
    if (!fields) return fields;
    return JSON.parse(this.text(JSON.stringify(fields))) as Record<string, unknown>;
  }
}
