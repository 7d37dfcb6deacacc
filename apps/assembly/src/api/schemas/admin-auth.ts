import { z } from "zod";

/** Bounded so a megabyte "password" cannot make scrypt a denial of service. */
export const passwordSchema = z.string().min(10).max(200);

export const signInInput = z.object({ email: z.string().max(320), password: z.string().max(200) });
export type SignInInput = z.input<typeof signInInput>;

export const passwordChangeInput = z.object({ currentPassword: z.string().max(200), newPassword: passwordSchema });
export type PasswordChangeInput = z.input<typeof passwordChangeInput>;
