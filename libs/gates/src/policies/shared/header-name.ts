import { z } from 'zod';

/** RFC 9110 section 5.6.2 `token`: every character an HTTP field name may have. */
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

/**
 * A check header a policy reads. No HTTP client can send a name with a space (or another character
 * outside the token set), so a policy reading one would refuse every check as missing it; the
 * policies file is refused at load instead, naming the header.
 */
export const headerName = z
  .string()
  .min(1)
  .superRefine((name, ctx) => {
    if (!TOKEN.test(name)) {
      ctx.addIssue({
        code: 'custom',
        message: `${JSON.stringify(name)} is not an HTTP header name: use letters, digits and ! # $ % & ' * + - . ^ _ \` | ~ only, no spaces (e.g. BuildReason)`,
      });
    }
  });
