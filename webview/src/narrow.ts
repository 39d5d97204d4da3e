// Half of a 1600 px window (the README's side-by-side layout) is "narrow": no minimap, a narrower
// inspector (styles.css, same breakpoint). The toolbar turns compact earlier, below 1,240 px.
import { useEffect, useState } from 'react';

export const NARROW = '(max-width: 1000px)';
/** styles.css's compact toolbar. */
export const COMPACT = '(max-width: 1240px)';

function useMedia(query: string): boolean {
  const [on, setOn] = useState(() => window.matchMedia(query).matches);
  useEffect(() => {
    const q = window.matchMedia(query);
    const change = () => setOn(q.matches);
    q.addEventListener('change', change);
    return () => q.removeEventListener('change', change);
  }, [query]);
  return on;
}

export function useNarrow(): boolean {
  return useMedia(NARROW);
}

/** The toolbar is compact (short labels, a short search field). */
export function useCompact(): boolean {
  return useMedia(COMPACT);
}
