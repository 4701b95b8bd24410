/**
 * Text into HTML: model output and endpoint-controlled names are hostile input, so every piece of
 * them goes through here. In spec/ because two features render HTML (report/ and view/).
 */
export function escapeHtml(value: unknown): string {
  return String(value ?? "")
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&#39;");
}
