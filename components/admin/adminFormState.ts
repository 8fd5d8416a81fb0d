/** What an admin form's server action answers: nothing yet, done (with data to show once), or errors per field. */
export interface AdminFormState<T = unknown> {
  ok: boolean | null;
  message: string | null;
  fields: Record<string, string[]>;
  data?: T;
}

export type AdminFormAction<T = unknown> = (state: AdminFormState<T>, formData: FormData) => Promise<AdminFormState<T>>;

export const INITIAL_ADMIN_FORM_STATE: AdminFormState<never> = { ok: null, message: null, fields: {} };
