// Renders the OpenAPI document from /api/v1/openapi.json as an accessible Italian page (no external assets).
import 'bootstrap-italia/dist/css/bootstrap-italia.min.css';
import '../styles/fonts.css';
import './apidocs.css';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const METHODS = ['get', 'post', 'put', 'patch', 'delete', 'head', 'options'] as const;
const IN_LABEL: Record<string, string> = { path: 'percorso', query: 'query', header: 'intestazione', cookie: 'cookie' };

function esc(s: unknown): string {
  return String(s ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** Escaped text with `code` spans and paragraph breaks, as written in the OpenAPI descriptions. */
function md(s: unknown): string {
  return esc(s)
    .replace(/`([^`]+)`/g, '<code>$1</code>')
    .replace(/\n\s*\n/g, '</p><p>');
}

function slug(s: string): string {
  return s.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
}

let doc: Json = {};

function resolveRef(ref: string): Json | undefined {
  if (!ref.startsWith('#/')) return undefined;
  return ref
    .slice(2)
    .split('/')
    .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce<Json | undefined>((o, k) => (o ? o[k] : undefined), doc);
}

function deref<T extends Json>(o: T | undefined): T | undefined {
  let cur: Json | undefined = o;
  for (let i = 0; cur && cur.$ref && i < 10; i++) cur = resolveRef(cur.$ref);
  return cur as T | undefined;
}

function typeOf(s: Json): string {
  if (s.$ref) return s.$ref.split('/').pop();
  if (s.enum) return `uno fra: ${s.enum.map((v: unknown) => JSON.stringify(v)).join(', ')}`;
  let t = Array.isArray(s.type) ? s.type.join(' | ') : s.type;
  if (t === 'array') return `array di ${s.items ? typeOf(s.items) : 'valori'}`;
  if (!t && s.oneOf) return s.oneOf.map(typeOf).join(' oppure ');
  if (!t && s.anyOf) return s.anyOf.map(typeOf).join(' oppure ');
  if (!t && s.allOf) return s.allOf.map(typeOf).join(' + ');
  if (s.format) t = `${t ?? ''} (${s.format})`;
  if (s.nullable) t = `${t} | null`;
  return t ?? 'qualsiasi';
}

/** A schema as nested lists: each property with its type, whether required, description. */
function renderSchema(schema: Json | undefined, depth = 0, seen: string[] = []): string {
  if (!schema) return '';
  if (schema.$ref) {
    const name = schema.$ref.split('/').pop();
    if (seen.includes(schema.$ref) || seen.length >= 5 || depth > 12) return `<span class="text-muted">(vedi ${esc(name)})</span>`;
    return `<div><span class="badge bg-light text-dark border">${esc(name)}</span>${renderSchema(resolveRef(schema.$ref), depth + 1, [...seen, schema.$ref])}</div>`;
  }
  if (schema.allOf) return schema.allOf.map((s: Json) => renderSchema(s, depth + 1, seen)).join('');
  if (schema.oneOf || schema.anyOf) {
    const alts: Json[] = schema.oneOf ?? schema.anyOf;
    return `<p class="mb-1">Una delle forme seguenti:</p><ol>${alts.map((s) => `<li>${esc(typeOf(s))}${renderSchema(s, depth + 1, seen)}</li>`).join('')}</ol>`;
  }
  if (schema.type === 'array' && schema.items) {
    return `<p class="mb-1">Array di elementi ${esc(typeOf(schema.items))}:</p>${renderSchema(schema.items, depth + 1, seen)}`;
  }
  const props: Json = schema.properties ?? {};
  const names = Object.keys(props);
  if (names.length === 0) {
    return schema.description && depth > 0 ? '' : `<p class="mb-1"><code>${esc(typeOf(schema))}</code></p>`;
  }
  const req: string[] = schema.required ?? [];
  return `<ul class="schema-list">${names
    .map((n) => {
      const p: Json = props[n];
      const pd = deref(p) ?? p;
      const nested = p.$ref || p.type === 'object' || (p.type === 'array' && p.items && (p.items.$ref || p.items.properties)) ? renderSchema(p, depth + 1, seen) : '';
      return `<li><code>${esc(n)}</code> <span class="text-muted">${esc(typeOf(p))}</span>${req.includes(n) ? ' <strong>obbligatorio</strong>' : ''}${pd.description ? ` – ${md(pd.description)}` : ''}${nested}</li>`;
    })
    .join('')}</ul>`;
}

function renderContent(content: Json | undefined): string {
  if (!content) return '';
  return Object.entries(content)
    .map(([type, media]) => {
      const m = media as Json;
      const example = m.example ?? (m.examples ? (Object.values(m.examples)[0] as Json)?.value : undefined);
      return `<div class="mb-2"><p class="mb-1">Formato: <code>${esc(type)}</code></p>${renderSchema(m.schema)}${
        example !== undefined ? `<details><summary>Esempio</summary><pre><code>${esc(JSON.stringify(example, null, 2))}</code></pre></details>` : ''
      }</div>`;
    })
    .join('');
}

function renderOperation(path: string, method: string, op: Json, shared: Json[]): string {
  const id = `op-${method}-${slug(path)}`;
  const params: Json[] = [...shared, ...(op.parameters ?? [])].map((p) => deref(p) ?? p);
  const body = deref(op.requestBody);
  const responses: [string, Json][] = Object.entries(op.responses ?? {}).map(([c, r]) => [c, deref(r as Json) ?? (r as Json)]);
  const security = op.security ?? doc.security;
  return `<section class="operation card card-bg mb-4" id="${id}" aria-labelledby="${id}-t">
  <div class="card-body">
    <h3 class="h5 card-title" id="${id}-t"><span class="method method-${method}">${method.toUpperCase()}</span> <code>${esc(path)}</code></h3>
    ${op.summary ? `<p class="fw-semibold mb-1">${esc(op.summary)}</p>` : ''}
    ${op.description ? `<p>${md(op.description)}</p>` : ''}
    ${op.deprecated ? '<p class="text-danger">Deprecata.</p>' : ''}
    ${security && security.length ? `<p class="small text-muted">Richiede: ${esc(security.map((s: Json) => Object.keys(s).join(' + ') || 'nessuna autenticazione').join(' oppure '))}</p>` : ''}
    <h4 class="h6">Parametri</h4>
    ${
      params.length === 0
        ? '<p>Nessun parametro.</p>'
        : `<div class="table-responsive"><table class="table table-sm"><caption class="visually-hidden">Parametri di ${method.toUpperCase()} ${esc(path)}</caption>
      <thead><tr><th scope="col">Nome</th><th scope="col">Posizione</th><th scope="col">Tipo</th><th scope="col">Obbligatorio</th><th scope="col">Descrizione</th></tr></thead>
      <tbody>${params
        .map(
          (p) => `<tr><th scope="row"><code>${esc(p.name)}</code></th><td>${esc(IN_LABEL[p.in] ?? p.in)}</td><td>${esc(p.schema ? typeOf(p.schema) : '')}</td><td>${p.required ? 'sì' : 'no'}</td><td>${md(p.description ?? '')}</td></tr>`,
        )
        .join('')}</tbody></table></div>`
    }
    <h4 class="h6">Corpo della richiesta</h4>
    ${body ? `${body.description ? `<p>${md(body.description)}</p>` : ''}${body.required ? '<p class="small">Obbligatorio.</p>' : ''}${renderContent(body.content)}` : '<p>Nessun corpo.</p>'}
    <h4 class="h6">Risposte</h4>
    <dl class="responses">${responses
      .map(([code, r]) => `<dt><span class="badge ${code.startsWith('2') ? 'bg-success' : code.startsWith('4') || code.startsWith('5') ? 'bg-danger' : 'bg-secondary'}">${esc(code)}</span> ${md(r.description ?? '')}</dt><dd>${renderContent(r.content)}</dd>`)
      .join('')}</dl>
  </div>
</section>`;
}

function render(target: HTMLElement) {
  const info: Json = doc.info ?? {};
  const groups = new Map<string, string[]>();
  const toc = new Map<string, string[]>();
  let count = 0;
  for (const [path, item] of Object.entries<Json>(doc.paths ?? {})) {
    const shared: Json[] = item.parameters ?? [];
    for (const m of METHODS) {
      const op: Json | undefined = item[m];
      if (!op) continue;
      count++;
      const tag: string = op.tags?.[0] ?? 'Altre';
      if (!groups.has(tag)) {
        groups.set(tag, []);
        toc.set(tag, []);
      }
      groups.get(tag)!.push(renderOperation(path, m, op, shared));
      toc.get(tag)!.push(`<li><a href="#op-${m}-${slug(path)}"><span class="method method-${m}">${m.toUpperCase()}</span> <code>${esc(path)}</code>${op.summary ? ` – ${esc(op.summary)}` : ''}</a></li>`);
    }
  }
  const tagDesc = new Map<string, string>((doc.tags ?? []).map((t: Json) => [t.name, t.description ?? '']));
  target.innerHTML = `
  <p class="lead">${esc(info.title ?? 'API')} – versione ${esc(info.version ?? '')}</p>
  ${info.description ? `<p>${md(info.description)}</p>` : ''}
  <p>${count} operazioni. Specifica in formato JSON: <a href="/api/v1/openapi.json">/api/v1/openapi.json</a>.</p>
  <nav aria-labelledby="indice-t" class="mb-5">
    <h2 class="h4" id="indice-t">Indice delle operazioni</h2>
    ${[...toc.entries()].map(([tag, items]) => `<h3 class="h6 mt-3">${esc(tag)}</h3><ul class="toc">${items.join('')}</ul>`).join('')}
  </nav>
  ${[...groups.entries()]
    .map(([tag, ops]) => `<section aria-labelledby="tag-${slug(tag)}"><h2 class="h3 mt-4" id="tag-${slug(tag)}">${esc(tag)}</h2>${tagDesc.get(tag) ? `<p>${md(tagDesc.get(tag))}</p>` : ''}${ops.join('')}</section>`)
    .join('')}`;
  if (location.hash) document.getElementById(location.hash.slice(1))?.scrollIntoView();
}

async function main() {
  const target = document.getElementById('docs')!;
  try {
    const res = await fetch('/api/v1/openapi.json', { headers: { Accept: 'application/json' }, credentials: 'same-origin' });
    if (!res.ok) throw new Error(`HTTP ${res.status}`);
    doc = await res.json();
    render(target);
  } catch (e) {
    target.innerHTML = `<div class="alert alert-danger" role="alert">Impossibile caricare la specifica OpenAPI da <code>/api/v1/openapi.json</code> (${esc((e as Error).message)}).</div>`;
  }
}

main();
