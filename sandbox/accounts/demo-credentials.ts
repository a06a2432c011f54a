/**
 * Credentials the sandbox accepts when it is started without any: documented, public, and only
 * ever valid against the sandbox.
 */
export const DEMO_API_KEY = 'sandbox-demo-api-key';
export const DEMO_ACCESS_KEY = 'sandbox-demo-access-key';
export const DEMO_SECRET_KEY = 'sandbox-demo-secret-key';
