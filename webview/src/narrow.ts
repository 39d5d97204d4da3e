// Half of a 1600 px window (the README's side-by-side layout) is "narrow": no minimap, a narrower
// inspector (styles.css, same breakpoint). The toolbar turns compact earlier, below 1,240 px.
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
