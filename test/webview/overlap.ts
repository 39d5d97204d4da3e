// Cards that cover each other on screen, measured from the rendered DOM (a VM inside its own
// hypervisor's frame is not a collision).
import type { Page } from 'playwright-core';
import type { TopologyView } from '../../src/protocol/messages';

type El = {
  getBoundingClientRect(): { x: number; y: number; width: number; height: number };
  getAttribute(n: string): string | null;
};

export async function cardBoxes(page: Page): Promise<{ id: string; x: number; y: number; w: number; h: number }[]> {
  return page.locator('.react-flow__node').evaluateAll((els) =>
    (els as unknown as El[]).map((el) => {
      const r = el.getBoundingClientRect();
      return { id: el.getAttribute('data-id') ?? '', x: r.x, y: r.y, w: r.width, h: r.height };
    }),
  );
}

export async function overlappingCards(page: Page, view: TopologyView): Promise<string[]> {
  const boxes = await cardBoxes(page);
  const parent = new Map(view.hosts.filter((h) => h.vm?.hypervisorId).map((h) => [h.id, h.vm!.hypervisorId!]));
  const out: string[] = [];
  for (const p of boxes)
    for (const q of boxes) {
      if (p.id >= q.id || parent.get(p.id) === q.id || parent.get(q.id) === p.id) continue;
      if (p.x < q.x + q.w && q.x < p.x + p.w && p.y < q.y + q.h && q.y < p.y + p.h)
        out.push(`${p.id} overlaps ${q.id}`);
    }
  return out;
}
