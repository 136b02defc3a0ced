import { AppError } from '#libs/errors';

/** Nothing new joins a thread whose texts were removed: it would be kept with no period left to run. */
export const anonymisedConflict = (what: 'tip' | 'whistle report') =>
  AppError.conflict(`the ${what} is closed and its personal data was removed under the retention rules`);
