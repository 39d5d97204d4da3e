// Half of a 1600 px window (the README's side-by-side layout) is "narrow": a compact toolbar
// (styles.css, same breakpoint), no minimap, a narrower inspector.
import { useEffect, useState } from 'react';

export const NARROW = '(max-width: 1000px)';

export function useNarrow(): boolean {
  const [narrow, setNarrow] = useState(() => window.matchMedia(NARROW).matches);
  useEffect(() => {
    const q = window.matchMedia(NARROW);
    const on = () => setNarrow(q.matches);
    q.addEventListener('change', on);
    return () => q.removeEventListener('change', on);
  }, []);
  return narrow;
}
