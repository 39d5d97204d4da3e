// DNS labels and names, written once: the value types, the checks, rename, the renderer's guards and
// the webview's inspector all ask these (a test holds every caller to them).

/** RFC 1123 label, lower-case (Kubernetes node and object names, our host and network names). */
export const DNS_LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;
/** The same in any case (DNS itself is case-insensitive: upstream servers, base domains). */
export const DNS_LABEL_ANY_CASE = /^[A-Za-z0-9]([-A-Za-z0-9]{0,61}[A-Za-z0-9])?$/;

export function isDnsLabel(s: string): boolean {
  return DNS_LABEL.test(s);
}

/** Dot-separated labels of either case, at most 253 characters, an optional trailing dot. */
export function isDnsName(s: string): boolean {
  if (s.length > 253) return false;
  const t = s.endsWith('.') ? s.slice(0, -1) : s;
  return t.length > 0 && t.split('.').every((l) => DNS_LABEL_ANY_CASE.test(l));
}

/** A DNS-1123 subdomain: lower-case labels joined by dots (the installer's rule for cluster names). */
export function isLowerDnsName(s: string): boolean {
  return s.length > 0 && s.split('.').every((l) => DNS_LABEL.test(l));
}
