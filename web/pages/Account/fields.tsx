import { useId, type InputHTMLAttributes } from 'react';
import { ApiError } from '../../api.ts';

/** The field an API problem names (`detail.field`), to mark it and move focus there. */
export function problemField(error: unknown): string | null {
  return error instanceof ApiError && typeof error.details.field === 'string' ? error.details.field : null;
}

/** A labelled input with its help text; marked invalid (and described by the problem) when the problem names it. */
export function Field({
  label,
  help,
  name,
  invalid,
  problemId,
  ...input
}: InputHTMLAttributes<HTMLInputElement> & {
  label: string;
  help?: string;
  name: string;
  invalid?: boolean;
  problemId?: string;
}) {
  const id = useId();
  const described = [help ? `${id}-help` : null, invalid && problemId ? problemId : null].filter(Boolean).join(' ');
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        name={name}
        type="text"
        {...input}
        aria-invalid={invalid || undefined}
        aria-describedby={described || undefined}
      />
      {help && (
        <p id={`${id}-help`} className="small">
          {help}
        </p>
      )}
    </div>
  );
}
