// Level of detail: below LITE_ZOOM (where the full card's 12 px text would be under ~8 px on
// screen), cards show only name and role, large enough to read at that zoom; the full card's
// dozens of elements per node are also what make 1,000 zoomed-out hosts slow.
import { createContext, useContext } from 'react';
import { useStore, type ReactFlowState } from '@xyflow/react';

export const LITE_ZOOM = 0.7;

/** True forces full detail regardless of zoom (the SVG/PNG export draws full cards). */
export const FullDetail = createContext(false);

const zoomedOut = (s: ReactFlowState) => s.transform[2] < LITE_ZOOM;

export function useLite(): boolean {
  const forced = useContext(FullDetail);
  const low = useStore(zoomedOut);
  return low && !forced;
}
