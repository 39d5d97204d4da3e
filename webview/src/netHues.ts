// Each network gets its own colour, so where buses run side by side (hosts on two or three networks)
// a drop can be followed to its network: the card's edge, its bus and its drops share it. Slots follow
// the order of the networks in the file, so adding a host never repaints a network.
import { createContext, useContext } from 'react';

/** Colour slots (styles.css .okd-net-N); a sixth network takes the first colour again. */
export const NET_HUES = 5;

/** Network id -> colour slot, provided by App from the view. */
export const NetHues = createContext<ReadonlyMap<string, number>>(new Map());

export function hueMap(networkIds: readonly string[]): Map<string, number> {
  return new Map(networkIds.map((id, i) => [id, i % NET_HUES]));
}

/** The class that sets --okd-network to the slot's colour (none for the first slot or a non-network). */
export function hueClass(hue: number | undefined): string {
  return hue ? ` okd-net-${hue}` : '';
}

export function useHue(id: string): number | undefined {
  return useContext(NetHues).get(id);
}
