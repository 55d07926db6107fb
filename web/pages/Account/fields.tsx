import { useId, useState, type FormEvent, type InputHTMLAttributes, type ReactNode } from 'react';
import { ApiError } from '../../api.ts';
import { ProblemMessage } from '../../components/ProblemMessage.tsx';
import { useI18n } from '../../i18n/i18n.tsx';

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

/** A new password, with the rules said beside it (NIST SP 800-63B: 12 to 256 characters, no composition rules). */
export function NewPasswordField({ label, error, problemId }: { label: string; error: unknown; problemId: string }) {
  const { t } = useI18n();
  return (
    <Field
      label={label}
      help={t('register.passwordHelp')}
      name="password"
      type="password"
      autoComplete="new-password"
      required
      minLength={12}
      maxLength={256}
      invalid={problemField(error) === 'password'}
      problemId={problemId}
    />
  );
}

/** A form of the account pages: its own heading, its own outcome, its own problem. */
export function AccountForm({
  title,
  intro,
  submit,
  danger,
  onSubmit,
  children,
}: {
  title: string;
  intro?: ReactNode;
  submit: string;
  /** The submit button does something that cannot be undone. */
  danger?: boolean;
  onSubmit: (form: FormData) => Promise<string>;
  children: (error: unknown, problemId: string) => ReactNode;
}) {
  const headingId = useId();
  const problemId = useId();
  const [error, setError] = useState<unknown>(null);
  const [status, setStatus] = useState('');
  const [busy, setBusy] = useState(false);
  const handle = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const target = event.currentTarget;
    setBusy(true);
    setError(null);
    setStatus('');
    try {
      setStatus(await onSubmit(new FormData(target)));
      target.reset();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <section aria-labelledby={headingId}>
      <h2 id={headingId}>{title}</h2>
      {intro && <p className="small">{intro}</p>}
      <form onSubmit={(e) => void handle(e)} className="form">
        {children(error, problemId)}
        <ProblemMessage error={error} id={problemId} />
        <button type="submit" className={danger ? 'danger' : undefined} disabled={busy}>
          {submit}
        </button>
        <p role="status" className="small">
          {status}
        </p>
      </form>
    </section>
  );
}
