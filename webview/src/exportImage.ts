// Export the diagram: walk the React Flow viewport DOM and re-draw it as plain SVG (rects, text,
// paths, with theme colours resolved), so the file opens anywhere and, drawn onto a canvas,
// gives a PNG without tainting it (no foreignObject, no external resources).

export interface ExportNode {
  id: string;
  x: number;
  y: number;
  el: HTMLElement;
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const transparent = (c: string) => !c || c === 'transparent' || /rgba\([^)]*,\s*0\)$/.test(c);
const num = (n: number) => String(Math.round(n * 10) / 10);

/** Draws one node subtree: boxes with a fill or border, icons, and text at their rendered places. */
function drawNode(n: ExportNode, zoom: number, out: string[]): void {
  const origin = n.el.getBoundingClientRect();
  const map = (r: DOMRect) => ({
    x: n.x + (r.left - origin.left) / zoom,
    y: n.y + (r.top - origin.top) / zoom,
    w: r.width / zoom,
    h: r.height / zoom,
  });
  const walk = (el: Element) => {
    const cs = getComputedStyle(el);
    if (cs.display === 'none' || cs.visibility === 'hidden' || Number(cs.opacity) === 0) return;
    if (el.classList.contains('react-flow__handle') || el.classList.contains('okd-link')) return;
    const r = map(el.getBoundingClientRect());
    if (el instanceof SVGSVGElement) {
      const color = cs.color;
      out.push(
        `<svg x="${num(r.x)}" y="${num(r.y)}" width="${num(r.w)}" height="${num(r.h)}" viewBox="${el.getAttribute('viewBox') ?? ''}">${el.innerHTML.replace(/currentColor/g, color)}</svg>`,
      );
      return;
    }
    const fill = cs.backgroundColor;
    const bw = parseFloat(cs.borderTopWidth) || 0;
    const stroke = bw > 0 && cs.borderTopStyle !== 'none' ? cs.borderTopColor : '';
    if (!transparent(fill) || (stroke && !transparent(stroke))) {
      const rx = parseFloat(cs.borderTopLeftRadius) || 0;
      out.push(
        `<rect x="${num(r.x)}" y="${num(r.y)}" width="${num(r.w)}" height="${num(r.h)}" rx="${num(rx)}" fill="${transparent(fill) ? 'none' : fill}"${stroke && !transparent(stroke) ? ` stroke="${stroke}" stroke-width="${num(bw)}"` : ''}/>`,
      );
    }
    for (const child of Array.from(el.childNodes)) {
      if (child.nodeType === Node.TEXT_NODE) {
        const text = child.textContent?.trim();
        if (!text) continue;
        const range = document.createRange();
        range.selectNodeContents(child);
        const tr = map(range.getBoundingClientRect());
        const size = parseFloat(cs.fontSize) || 12;
        out.push(
          `<text x="${num(tr.x)}" y="${num(tr.y + tr.h * 0.78)}" font-family="${esc(cs.fontFamily)}" font-size="${num(size)}" font-weight="${cs.fontWeight}" fill="${cs.color}">${esc(text)}</text>`,
        );
      } else if (child instanceof Element) {
        walk(child);
      }
    }
  };
  walk(n.el);
}

/** Serialises the drawing. `root` is the React Flow element (edges are read from it). */
export function buildSvg(root: HTMLElement, nodes: ExportNode[], zoom: number, padding = 24): string {
  const body: string[] = [];
  let minX = Infinity,
    minY = Infinity,
    maxX = -Infinity,
    maxY = -Infinity;
  for (const n of nodes) {
    const r = n.el.getBoundingClientRect();
    minX = Math.min(minX, n.x);
    minY = Math.min(minY, n.y);
    maxX = Math.max(maxX, n.x + r.width / zoom);
    maxY = Math.max(maxY, n.y + r.height / zoom);
  }
  if (!Number.isFinite(minX)) {
    minX = minY = 0;
    maxX = maxY = 100;
  }
  // Edge paths are already in flow coordinates (they live inside the viewport transform).
  for (const p of Array.from(root.querySelectorAll<SVGPathElement>('svg.okd-edges path'))) {
    const cs = getComputedStyle(p);
    const dash = cs.strokeDasharray && cs.strokeDasharray !== 'none' ? ` stroke-dasharray="${cs.strokeDasharray}"` : '';
    body.push(
      `<path d="${esc(p.getAttribute('d') ?? '')}" fill="none" stroke="${cs.stroke}" stroke-width="${cs.strokeWidth}"${dash}/>`,
    );
  }
  for (const n of nodes) drawNode(n, zoom, body);
  const bg = getComputedStyle(root).backgroundColor;
  const x = minX - padding,
    y = minY - padding,
    w = maxX - minX + 2 * padding,
    h = maxY - minY + 2 * padding;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="${num(x)} ${num(y)} ${num(w)} ${num(h)}" width="${Math.ceil(w)}" height="${Math.ceil(h)}">`,
    `<rect x="${num(x)}" y="${num(y)}" width="${num(w)}" height="${num(h)}" fill="${transparent(bg) ? '#ffffff' : bg}"/>`,
    ...body,
    '</svg>',
  ].join('\n');
}

/** Rasterises the SVG at `scale` and returns base64 PNG (no data: prefix). */
export async function svgToPngBase64(svg: string, scale = 2): Promise<string> {
  const url = URL.createObjectURL(new Blob([svg], { type: 'image/svg+xml' }));
  try {
    const img = new Image();
    await new Promise<void>((resolve, reject) => {
      img.onload = () => resolve();
      img.onerror = () => reject(new Error('the SVG could not be rasterised'));
      img.src = url;
    });
    const w = Math.ceil(img.naturalWidth || img.width),
      h = Math.ceil(img.naturalHeight || img.height);
    // Browsers cap canvas area; big diagrams are scaled down rather than failing.
    const s = Math.min(scale, Math.sqrt(100_000_000 / Math.max(1, w * h)), 16384 / Math.max(w, h));
    const canvas = document.createElement('canvas');
    canvas.width = Math.max(1, Math.floor(w * s));
    canvas.height = Math.max(1, Math.floor(h * s));
    const ctx = canvas.getContext('2d');
    if (!ctx) throw new Error('no 2D canvas available');
    ctx.drawImage(img, 0, 0, canvas.width, canvas.height);
    return canvas.toDataURL('image/png').replace(/^data:image\/png;base64,/, '');
  } finally {
    URL.revokeObjectURL(url);
  }
}
