import type { MouseEvent, ReactNode } from 'react';
import { Router as WouterRouter, useLocation, useSearch } from 'wouter';

/** Where the page is: its path and its query (with the `?`, or empty). */
interface Location {
  pathname: string;
  search: string;
}

/**
 * The history router (wouter, on the browser's location): the whole state of a page lives in its
 * URL, so every view can be shared. The routes themselves are in main.tsx.
 */
export function Router({ children }: { children: ReactNode }) {
  return <WouterRouter>{children}</WouterRouter>;
}

/** The current location, and navigation that scrolls to the top of a new page (not on a replace). */
export function useRouter(): { location: Location; navigate(to: string, options?: { replace?: boolean }): void } {
  const [pathname, setLocation] = useLocation();
  const search = useSearch();
  const navigate = (to: string, options: { replace?: boolean } = {}) => {
    setLocation(to, { replace: !!options.replace });
    if (!options.replace) window.scrollTo(0, 0);
  };
  return { location: { pathname, search: search ? `?${search}` : '' }, navigate };
}

/** A route parameter as written in the URL, decoded (left as it is when it is not valid percent-encoding). */
export function decodeParam(value: string | undefined): string {
  try {
    return decodeURIComponent(value ?? '');
  } catch {
    return value ?? '';
  }
}

/** A link that navigates without reloading; a normal link for modified clicks. */
export function Link({
  to,
  children,
  className,
  onClick,
  ...rest
}: {
  to: string;
  children: ReactNode;
  className?: string;
  onClick?: () => void;
  'aria-current'?: 'page';
}) {
  const { navigate } = useRouter();
  const handle = (event: MouseEvent<HTMLAnchorElement>) => {
    if (
      event.defaultPrevented ||
      event.button !== 0 ||
      event.metaKey ||
      event.ctrlKey ||
      event.shiftKey ||
      event.altKey
    )
      return;
    event.preventDefault();
    onClick?.();
    navigate(to);
  };
  return (
    <a href={to} className={className} onClick={handle} {...rest}>
      {children}
    </a>
  );
}

/** A link to the sign-in page that comes back here after signing in. */
export function SignInLink({ children }: { children: ReactNode }) {
  const { location } = useRouter();
  return <Link to={`/inloggen?terug=${encodeURIComponent(location.pathname + location.search)}`}>{children}</Link>;
}
