// Level of detail: below LITE_ZOOM (where the full card's 12 px text would be under ~8 px on
// screen), cards show only name and role, large enough to read at that zoom; the full card's
// dozens of elements per node are also what make 1,000 zoomed-out hosts slow.
import { createContext, useContext, useEffect } from 'react';
import { useStore, type ReactFlowState } from '@xyflow/react';

export const LITE_ZOOM = 0.7;
/**
 * From here up to LITE_ZOOM the zoomed-out cards take smaller type (styles.css .okd-lite-mid): it is
 * still 10 px or more on screen, and names like "compute-0" fit their card instead of being cut.
 */
export const MID_ZOOM = 0.4;

/** True forces full detail regardless of zoom (the SVG/PNG export draws full cards). */
export const FullDetail = createContext(false);

const zoomedOut = (s: ReactFlowState) => s.transform[2] < LITE_ZOOM;

export function useLite(): boolean {
  const forced = useContext(FullDetail);
  const low = useStore(zoomedOut);
  return low && !forced;
}

const midZoom = (s: ReactFlowState) => s.transform[2] >= MID_ZOOM && s.transform[2] < LITE_ZOOM;
const rootOf = (s: ReactFlowState) => s.domNode;

/** Marks React Flow's root while the zoom is in the middle band; no node re-renders for it (CSS only). */
export function LiteTier(): null {
  const mid = useStore(midZoom);
  const root = useStore(rootOf);
  useEffect(() => {
    root?.classList.toggle('okd-lite-mid', mid);
  }, [root, mid]);
  return null;
}
