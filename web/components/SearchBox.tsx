import { useEffect, useId, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import { api, type Suggestions } from '../api.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { useRouter } from '../router.tsx';

type Option =
  | { kind: 'title'; id: string; text: string }
  | { kind: 'concept'; scheme: string; id: string; text: string; count: number }
  | { kind: 'maker'; text: string; count: number };

/**
 * The search form with autocomplete: an ARIA 1.2 combobox whose list offers titles (open the
 * resource), subjects, learning objectives and levels (filter on them) and makers (search their
 * work). Arrow keys move through the list, Enter chooses, Escape closes; typing on submits the words.
 */
export function SearchBox({
  initial = '',
  onSearch,
  large = false,
}: {
  initial?: string;
  onSearch(q: string): void;
  large?: boolean;
}) {
  const { t, label } = useI18n();
  const { navigate } = useRouter();
  const [q, setQ] = useState(initial);
  const [options, setOptions] = useState<Option[]>([]);
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(-1);
  const id = useId();
  const listId = `${id}-list`;
  const typed = useRef(false);

  useEffect(() => {
    if (!typed.current || q.trim().length < 2) {
      setOptions([]);
      return;
    }
    let cancelled = false;
    const timer = setTimeout(() => {
      api<Suggestions>(`/api/v1/suggest?q=${encodeURIComponent(q.trim())}`)
        .then((s) => {
          if (cancelled) return;
          const next: Option[] = [
            ...s.titles.slice(0, 4).map((x): Option => ({ kind: 'title', id: x.id, text: x.title })),
            ...s.concepts.slice(0, 4).map((x): Option => ({
              kind: 'concept',
              scheme: x.scheme,
              id: x.id,
              text: label(x.label, x.labelEn),
              count: x.count,
            })),
            ...s.makers.slice(0, 3).map((x): Option => ({ kind: 'maker', text: x.name, count: x.count })),
          ];
          setOptions(next);
          setActive(-1);
          setOpen(next.length > 0);
        })
        .catch(() => undefined);
    }, 150);
    return () => {
      cancelled = true;
      clearTimeout(timer);
    };
  }, [q]);

  const choose = (option: Option) => {
    setOpen(false);
    typed.current = false;
    if (option.kind === 'title') navigate(`/r/${option.id}`);
    else if (option.kind === 'concept') navigate(`/zoeken?${option.scheme}=${encodeURIComponent(option.id)}`);
    else {
      const query = `maker:"${option.text}"`;
      setQ(query);
      onSearch(query);
    }
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (open && active >= 0 && options[active]) {
      choose(options[active]!);
      return;
    }
    setOpen(false);
    onSearch(q.trim());
  };
  const keyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'ArrowDown' && options.length) {
      event.preventDefault();
      setOpen(true);
      setActive((a) => (a + 1) % options.length);
    } else if (event.key === 'ArrowUp' && options.length) {
      event.preventDefault();
      setOpen(true);
      setActive((a) => (a <= 0 ? options.length - 1 : a - 1));
    } else if (event.key === 'Escape') {
      setOpen(false);
      setActive(-1);
    }
  };
  const group = (kind: Option['kind']) => options.map((o, i) => ({ o, i })).filter(({ o }) => o.kind === kind);
  const groups: { kind: Option['kind']; title: string }[] = [
    { kind: 'title', title: t('suggest.titles') },
    { kind: 'concept', title: t('suggest.concepts') },
    { kind: 'maker', title: t('suggest.makers') },
  ];
  return (
    <form role="search" className={large ? 'search-box large' : 'search-box'} onSubmit={submit}>
      <label htmlFor={id}>{t('search.label')}</label>
      <div className="search-row">
        <div className="combobox">
          <input
            id={id}
            type="search"
            name="q"
            value={q}
            placeholder={t('search.placeholder')}
            autoComplete="off"
            maxLength={500}
            role="combobox"
            aria-expanded={open}
            aria-controls={listId}
            aria-autocomplete="list"
            aria-activedescendant={open && active >= 0 ? `${listId}-${active}` : undefined}
            onChange={(e) => {
              typed.current = true;
              setQ(e.target.value);
            }}
            onKeyDown={keyDown}
            onBlur={() => setTimeout(() => setOpen(false), 150)}
          />
          <div id={listId} role="listbox" aria-label={t('suggest.label')} className="suggestions" hidden={!open}>
            {groups.map(({ kind, title }) => {
              const entries = group(kind);
              if (entries.length === 0) return null;
              return (
                <div role="group" aria-label={title} key={kind}>
                  <div className="suggestion-group" aria-hidden="true">
                    {title}
                  </div>
                  {entries.map(({ o, i }) => (
                    <div
                      key={`${kind}-${i}`}
                      id={`${listId}-${i}`}
                      role="option"
                      aria-selected={i === active}
                      className={i === active ? 'suggestion active' : 'suggestion'}
                      onMouseDown={(e) => {
                        e.preventDefault();
                        choose(o);
                      }}
                    >
                      {o.text}
                      {'count' in o && o.count > 0 ? <span className="count"> ({o.count})</span> : null}
                    </div>
                  ))}
                </div>
              );
            })}
          </div>
        </div>
        <button type="submit">{t('search.button')}</button>
      </div>
    </form>
  );
}
