/** What a case form's server action answers: nothing yet, done, or a message with errors per field. */
export interface FormState {
  ok: boolean | null;
  message: string | null;
  fields: Record<string, string[]>;
}

export type FormAction = (state: FormState, formData: FormData) => Promise<FormState>;

export const INITIAL_FORM_STATE: FormState = { ok: null, message: null, fields: {} };
