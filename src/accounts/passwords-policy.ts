import { dictionary } from '@zxcvbn-ts/language-common';

/** The most used passwords of public breach lists (zxcvbn-ts's common list, about 49,000). */
const COMMON = new Set((dictionary['passwords-common'] as string[]).map((p) => p.toLowerCase()));

const SEQUENCES = [
  'abcdefghijklmnopqrstuvwxyz',
  '01234567890',
  'qwertyuiopasdfghjklzxcvbnm',
  'azertyuiopqsdfghjklmwxcvbn',
];

/**
 * Checks a new password as NIST SP 800-63B asks: at least 12 characters, at most 256, no
 * composition rules, but not a commonly used password, not one character or a short pattern
 * repeated, not a run of the keyboard or alphabet, and not made of the site's name or the user's
 * own address or name. Returns the problem's code, or null.
 */
export function passwordProblem(
  password: string,
  context: { email?: string; name?: string } = {},
): 'LG_PASSWORD_TOO_SHORT' | 'LG_PASSWORD_TOO_LONG' | 'LG_PASSWORD_COMMON' | null {
  if ([...password].length < 12) return 'LG_PASSWORD_TOO_SHORT';
  if (password.length > 256) return 'LG_PASSWORD_TOO_LONG';
  const lower = password.normalize('NFKC').toLowerCase();
  const core = lower.replace(/^[\d\W_]+|[\d\W_]+$/g, '');
  if (COMMON.has(lower) || (core.length < lower.length && (core.length < 4 || COMMON.has(core))))
    return 'LG_PASSWORD_COMMON';
  if (/^(.{1,4})\1+.{0,3}$/su.test(lower)) return 'LG_PASSWORD_COMMON';
  const squashed = lower.replace(/[\s\W_]+/g, '');
  if (SEQUENCES.some((s) => s.includes(squashed) || [...s].reverse().join('').includes(squashed)))
    return 'LG_PASSWORD_COMMON';
  const own = [context.email?.split('@')[0], context.email, context.name?.replace(/\s+/g, ''), 'leergoed']
    .filter((w): w is string => !!w && w.length >= 4)
    .map((w) => w.toLowerCase());
  if (own.some((w) => squashed.replace(/\d+/g, '') === w.replace(/[\W_]+/g, '') || lower === w))
    return 'LG_PASSWORD_COMMON';
  return null;
}

/** The Dutch and English sentence for a password problem. */
export const PASSWORD_MESSAGES: Record<string, string> = {
  LG_PASSWORD_TOO_SHORT: 'A password needs at least 12 characters; a sentence of a few words is easy to remember.',
  LG_PASSWORD_TOO_LONG: 'A password has at most 256 characters.',
  LG_PASSWORD_COMMON:
    'This password is too easy to guess: it is a commonly used password, a repeated pattern or made of your own address. Choose a sentence of a few words.',
};
