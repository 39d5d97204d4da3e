// Transcripts and error messages may quote config lines (validators echo the offending line), and
// those can carry secrets: mask them before anything is logged or shown.

const PATTERNS: [RegExp, string][] = [
  [/-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?(-----END [A-Z ]*PRIVATE KEY-----|$)/g, '[private key redacted]'],
  [/("(?:auth|password|token|secret|pullSecret|passphrase)"\s*:\s*)"[^"]*"/gi, '$1"***"'],
  [/\b(auth_pass|password|passwd|secret|token|passphrase|community|key-secret|tsig-secret)(\s*[:=]?\s+|\s*[:=]\s*)("[^"]*"|'[^']*'|\S+)/gi, '$1$2***'],
  [/\b(secret)\s+"[^"]*"/gi, '$1 "***"'],
];

export function redact(text: string, extraSecrets: string[] = []): string {
  let out = text;
  for (const s of extraSecrets) if (s.length >= 4) out = out.split(s).join('***');
  for (const [re, rep] of PATTERNS) out = out.replace(re, rep);
  return out;
}
