/** A Standard Webhooks secret as Kling's console shows it: `whsec_` and the Base64 key. */
export const WEBHOOK_SECRET_FORMAT = /^whsec_([A-Za-z0-9+/]+={0,2})$/;
