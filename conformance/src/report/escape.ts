/** Text made safe inside HTML and XML elements and attributes. */
export const escapeMarkup = (s: string) => s.replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c] as string);

/** Text made safe in one Markdown table cell: no pipe, one line, at most 300 characters. */
export const markdownCell = (s: string) => s.replace(/\|/g, '\\|').replace(/\s+/g, ' ').slice(0, 300);
