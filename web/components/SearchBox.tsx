import { useId, useState, type FormEvent } from 'react';
import { useI18n } from '../i18n/i18n.tsx';

/** The search form: a labelled search field and a button; submits the words. */
export function SearchBox({ initial = '', onSearch, large = false }: { initial?: string; onSearch(q: string): void; large?: boolean }) {
  const { t } = useI18n();
  const [q, setQ] = useState(initial);
  const id = useId();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onSearch(q.trim());
  };
  return (
    <form role="search" className={large ? 'search-box large' : 'search-box'} onSubmit={submit}>
      <label htmlFor={id}>{t('search.label')}</label>
      <div className="search-row">
        <input id={id} type="search" name="q" value={q} onChange={(e) => setQ(e.target.value)} placeholder={t('search.placeholder')} autoComplete="off" maxLength={500} />
        <button type="submit">{t('search.button')}</button>
      </div>
    </form>
  );
}
