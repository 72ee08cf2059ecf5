/**
 * A tiny HTML builder whose only way to put text into markup escapes it. Everything read from Jira
 * (product names, summaries, people's names, progress text) passes through `html` interpolation, so a
 * summary such as `<script>` is shown, never run.
 */
export class SafeHtml {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
  '`': '&#96;',
};

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"'`]/g, (c) => ESCAPES[c] ?? c);
}

type Part = SafeHtml | string | number | null | undefined | false | readonly Part[];

function render(part: Part): string {
  if (part === null || part === undefined || part === false) return '';
  if (part instanceof SafeHtml) return part.value;
  if (Array.isArray(part)) return part.map(render).join('');
  return escapeHtml(String(part));
}

/** Template tag: interpolated values are escaped unless they are `SafeHtml`; arrays are joined. */
export function html(strings: TemplateStringsArray, ...values: Part[]): SafeHtml {
  let out = strings[0] ?? '';
  values.forEach((v, i) => {
    out += render(v) + (strings[i + 1] ?? '');
  });
  return new SafeHtml(out);
}

/** Marks trusted markup (built by this module's own code) as safe. Never pass Jira text here. */
export function raw(markup: string): SafeHtml {
  return new SafeHtml(markup);
}

export type { Part as HtmlPart };
