/** The one message every failed sign-in gets, whatever the cause (no account enumeration). */
export const GENERIC_SIGN_IN_ERROR =
  'Sign-in failed. Check your email and password; after several failures, wait 15 minutes.';
