// Validation of diagram exports from the webview (no vscode API, so it is unit-tested).

const PNG_MAGIC = [0x89, 0x50, 0x4e, 0x47];

/** Checks the payload really is what it claims, so a compromised webview cannot write arbitrary bytes as .svg/.png. */
export function decodeExport(format: 'svg' | 'png', data: string): Uint8Array {
  if (format === 'svg') {
    if (!/^\s*(<\?xml[^>]*>\s*)?<svg[\s>]/.test(data))
      throw new Error('The exported SVG does not start with an <svg> element');
    return new TextEncoder().encode(data);
  }
  const bytes = Buffer.from(data, 'base64');
  if (bytes.length < 8 || PNG_MAGIC.some((b, i) => bytes[i] !== b))
    throw new Error('The exported PNG is not a PNG image');
  return new Uint8Array(bytes);
}

export function safeName(name: string | undefined, fallback: string, format: string): string {
  // eslint-disable-next-line no-control-regex
  const base = (name ?? fallback).replace(/[\\/:*?"<>|\u0000-\u001f]/g, '_').slice(0, 120) || fallback;
  return base.toLowerCase().endsWith(`.${format}`) ? base : `${base}.${format}`;
}
