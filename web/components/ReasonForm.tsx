import { useId, useState } from 'react';
import { useI18n } from '../i18n/i18n.tsx';

/** Asks why (hiding a review, withdrawing a mark): a required reason, a confirming button and Annuleren. */
export function ReasonForm({
  label,
  confirm,
  onSubmit,
  onCancel,
}: {
  label: string;
  confirm: string;
  /** Resolves to whether it was done (the form then closes). */
  onSubmit: (reason: string) => Promise<boolean>;
  onCancel: () => void;
}) {
  const { t } = useI18n();
  const [reason, setReason] = useState('');
  const id = useId();
  return (
    <form
      className="form"
      onSubmit={(e) => {
        e.preventDefault();
        void onSubmit(reason).then((done) => done && onCancel());
      }}
    >
      <div className="field">
        <label htmlFor={id}>{label}</label>
        <input id={id} value={reason} onChange={(e) => setReason(e.target.value)} required maxLength={1000} />
      </div>
      <p className="actions">
        <button type="submit">{confirm}</button>{' '}
        <button type="button" className="secondary" onClick={onCancel}>
          {t('review.cancel')}
        </button>
      </p>
    </form>
  );
}
