// vscode-single-select re-renders, and measures itself (a forced layout of the whole page),
// whenever its value or disabled is assigned, even unchanged; @lit/react assigns every property on
// every React render. At 1,000 hosts that cost every snapshot ~8 ms for the four selects on
// screen. This one assigns those two only when they differ from what the element has.
import { useLayoutEffect, useRef, type ComponentProps } from 'react';
import { VscodeSingleSelect } from '@vscode-elements/react-elements';
import type { VscodeSingleSelect as SelectElement } from '@vscode-elements/elements';

type Props = Omit<ComponentProps<typeof VscodeSingleSelect>, 'value' | 'disabled' | 'ref'> & {
  value: string;
  disabled?: boolean;
};

export function Select({ value, disabled = false, ...rest }: Props) {
  const ref = useRef<SelectElement>(null);
  // After the children (the options) are in, as the wrapper itself would set it.
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    if (el.disabled !== disabled) el.disabled = disabled;
    if (el.value !== value) el.value = value;
  });
  return <VscodeSingleSelect ref={ref} {...rest} />;
}
