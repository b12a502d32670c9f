// A tiny, safe Markdown renderer for the plan's sections: headings, paragraphs, bullet and numbered
// lists, bold/italic, backslash escapes and pipe tables, producing React elements (never raw HTML).
import { Fragment, type ReactNode } from 'react';

/** Inline text: **bold**, __bold__, *italic*, _italic_, \-escapes. Everything else is plain text. */
export function renderInline(text: string, keyPrefix = 'i'): ReactNode[] {
  const out: ReactNode[] = [];
  let buf = '';
  let n = 0;
  const flush = () => {
    if (buf) out.push(buf);
    buf = '';
  };
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (c === '\\' && i + 1 < text.length && /[\\`*_{}[\]()#+\-.!|<>~]/.test(text[i + 1])) {
      buf += text[i + 1];
      i += 2;
      continue;
    }
    const two = text.slice(i, i + 2);
    if (two === '**' || two === '__') {
      const end = text.indexOf(two, i + 2);
      if (end > i + 2) {
        flush();
        out.push(<strong key={`${keyPrefix}-${n++}`}>{renderInline(text.slice(i + 2, end), `${keyPrefix}-${n}`)}</strong>);
        i = end + 2;
        continue;
      }
    }
    if (c === '*' || c === '_') {
      const end = text.indexOf(c, i + 1);
      // "_" only at word boundaries, so that snake_case words stay as they are.
      const okStart = c === '*' || i === 0 || /[\s(«"']/.test(text[i - 1]);
      const okEnd = end > 0 && (c === '*' || end + 1 >= text.length || /[\s).,;:!?»"']/.test(text[end + 1]));
      if (end > i + 1 && okStart && okEnd && text[i + 1] !== ' ') {
        flush();
        out.push(<em key={`${keyPrefix}-${n++}`}>{renderInline(text.slice(i + 1, end), `${keyPrefix}-${n}`)}</em>);
        i = end + 1;
        continue;
      }
    }
    buf += c;
    i++;
  }
  flush();
  return out;
}

const splitRow = (line: string) =>
  line
    .trim()
    .replace(/^\|/, '')
    .replace(/(?<!\\)\|$/, '')
    .split(/(?<!\\)\|/)
    .map((c) => c.trim());

const isTableSep = (line: string) => /^\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$/.test(line);
const bulletRe = /^\s*[-*+]\s+(.*)$/;
const orderedRe = /^\s*(\d+)[.)]\s+(.*)$/;
const headingRe = /^(#{1,6})\s+(.*?)\s*#*\s*$/;

/**
 * Renders Markdown as React elements. `baseLevel` is the heading level a "#" becomes (h3 under a
 * section's h2 title, by default); deeper headings follow, capped at h6.
 */
export function Markdown({ source, baseLevel = 3, className }: { source: string; baseLevel?: number; className?: string }) {
  const lines = source.replace(/\r\n?/g, '\n').split('\n');
  const blocks: ReactNode[] = [];
  let i = 0;
  let k = 0;
  while (i < lines.length) {
    const line = lines[i];
    if (line.trim() === '') {
      i++;
      continue;
    }
    const h = headingRe.exec(line);
    if (h) {
      const level = Math.min(6, baseLevel + h[1].length - 1);
      const Tag = `h${level}` as 'h3';
      blocks.push(
        <Tag key={k++} className={level <= 3 ? 'h5 mt-3' : 'h6 mt-3'}>
          {renderInline(h[2])}
        </Tag>,
      );
      i++;
      continue;
    }
    if (line.includes('|') && i + 1 < lines.length && isTableSep(lines[i + 1])) {
      const head = splitRow(line);
      i += 2;
      const rows: string[][] = [];
      while (i < lines.length && lines[i].includes('|') && lines[i].trim() !== '') {
        rows.push(splitRow(lines[i]));
        i++;
      }
      blocks.push(
        <div className="table-responsive" key={k++}>
          <table className="table table-sm table-bordered">
            <thead>
              <tr>
                {head.map((c, j) => (
                  <th scope="col" key={j}>
                    {renderInline(c)}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {rows.map((r, ri) => (
                <tr key={ri}>
                  {head.map((_, j) => (
                    <td key={j}>{renderInline(r[j] ?? '')}</td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>,
      );
      continue;
    }
    if (bulletRe.test(line) || orderedRe.test(line)) {
      const ordered = !bulletRe.test(line);
      const re = ordered ? orderedRe : bulletRe;
      const itemsOut: string[] = [];
      const start = ordered ? Number(orderedRe.exec(line)![1]) : 1;
      while (i < lines.length && lines[i].trim() !== '') {
        const m = re.exec(lines[i]);
        if (m) itemsOut.push(ordered ? m[2] : m[1]);
        else if (/^\s+\S/.test(lines[i]) && itemsOut.length > 0) itemsOut[itemsOut.length - 1] += ' ' + lines[i].trim();
        else break;
        i++;
      }
      const lis = itemsOut.map((t, j) => <li key={j}>{renderInline(t)}</li>);
      blocks.push(
        ordered ? (
          <ol key={k++} start={start !== 1 ? start : undefined}>
            {lis}
          </ol>
        ) : (
          <ul key={k++}>{lis}</ul>
        ),
      );
      continue;
    }
    // A paragraph: consecutive lines up to a blank line or another block.
    const para: string[] = [];
    while (
      i < lines.length &&
      lines[i].trim() !== '' &&
      !headingRe.test(lines[i]) &&
      !bulletRe.test(lines[i]) &&
      !orderedRe.test(lines[i]) &&
      !(lines[i].includes('|') && i + 1 < lines.length && isTableSep(lines[i + 1]))
    ) {
      para.push(lines[i].trim());
      i++;
    }
    blocks.push(
      <p key={k++}>
        {para.map((l, j) => (
          <Fragment key={j}>
            {j > 0 && ' '}
            {renderInline(l, `p${j}`)}
          </Fragment>
        ))}
      </p>,
    );
  }
  return <div className={className}>{blocks}</div>;
}
