// XML 1.0 allows no C0 control character but tab, line feed and carriage return, no lone surrogate
// and neither U+FFFE nor U+FFFF. badge-maker copies label and message into the SVG as they are, so
// one such character in an Azure DevOps name (a BEL pasted into a release name) would make the
// whole badge unreadable for browsers. DEL is dropped with them: it shows as nothing useful.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const UNPRINTABLE = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F\uFFFE\uFFFF]/g;
const LINE_BREAKS = /[\t\n\r]+/g;
const LONE_SURROGATE = /\p{Cs}/gu;

/** Badge text without characters XML cannot carry; tabs and line breaks become one space (a badge is one line). */
export function printableText(text: string): string {
  return text.replace(UNPRINTABLE, '').replace(LINE_BREAKS, ' ').replace(LONE_SURROGATE, '\uFFFD');
}
