// The plan editor: title and period, sections (Markdown with preview), the objectives matrix edited in
// place (objectives, specific objectives and every list reorderable with buttons). "Salva" asks for an
// optional note and PUTs the whole document with the version read; 422 marks the inputs, 409 shows
// what others changed and offers to reload (never overwriting).
import { useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { api, ApiError } from '../api/client';
import {
  fromEditor, ids, locatePlanField, move, newFinancial, newIndicator, newItem, newObjective, newSection, newSpecific,
  timingKindLabels, interventionKindLabels, dimensionLabels, toEditor, type EFinancial, type EIndicator, type EItem, type EObjective, type EPlan,
  type ESpecific,
} from '../api/plans';
import type { ErrorDetail, PlanChange, PlanSaveResult, PlanView, RulesetEntry } from '../api/types';
import { Markdown } from './Markdown';
import { ChangeList } from './PlanViews';
import { describeError } from './Status';
import { panelId, tabId, Tabs } from './Tabs';
import { focusSoon } from './useLeaveGuard';

interface Marks {
  bad: Map<string, string>;
}

interface FieldCtx {
  marks: Marks;
}

function fieldAttrs(ctx: FieldCtx, id: string, base = 'form-control') {
  const reason = ctx.marks.bad.get(id);
  return {
    id,
    className: base + (reason ? ' is-invalid' : ''),
    'aria-invalid': reason ? (true as const) : undefined,
    'aria-describedby': reason ? `${id}-err` : undefined,
  };
}

function FieldError({ ctx, id }: { ctx: FieldCtx; id: string }) {
  const reason = ctx.marks.bad.get(id);
  if (!reason) return null;
  return (
    <div className="invalid-feedback d-block" id={`${id}-err`}>
      {reason}
    </div>
  );
}

/** Rows a textarea needs to show its text (wrapped at about `perRow` characters), between min and 10. */
function autoRows(value: string, perRow: number, min: number): number {
  const lines = value.split('\n').reduce((n, l) => n + Math.max(1, Math.ceil(l.length / perRow)), 0);
  return Math.min(10, Math.max(min, lines));
}

function Field({
  ctx, id, label, value, onChange, textarea, rows = 2, perRow = 120, type = 'text', help, inputMode, hideLabel, className = '',
}: {
  ctx: FieldCtx;
  id: string;
  label: string;
  value: string;
  onChange(v: string): void;
  textarea?: boolean;
  rows?: number;
  /** Characters per line, to grow the textarea with its text. */
  perRow?: number;
  type?: string;
  help?: string;
  inputMode?: 'decimal' | 'numeric' | 'text';
  hideLabel?: boolean;
  className?: string;
}) {
  const a = fieldAttrs(ctx, id);
  const describedBy = [a['aria-describedby'], help ? `${id}-help` : undefined].filter(Boolean).join(' ') || undefined;
  return (
    <div className={'pdz-field ' + className}>
      <label htmlFor={id} className={hideLabel ? 'visually-hidden' : 'pdz-label'}>
        {label}
      </label>
      {textarea ? (
        <textarea {...a} aria-describedby={describedBy} rows={autoRows(value, perRow, rows)} value={value} onChange={(e) => onChange(e.target.value)} />
      ) : (
        <input {...a} aria-describedby={describedBy} type={type} inputMode={inputMode} value={value} onChange={(e) => onChange(e.target.value)} />
      )}
      {help && (
        <small id={`${id}-help`} className="form-text">
          {help}
        </small>
      )}
      <FieldError ctx={ctx} id={id} />
    </div>
  );
}

/** Up / down / remove buttons for the n-th element of a list; `what` names it for screen readers. */
function RowButtons({
  idBase, index, count, what, onMove, onRemove,
}: {
  idBase: string;
  index: number;
  count: number;
  what: string;
  onMove(delta: number): void;
  onRemove(): void;
}) {
  return (
    <div className="btn-group pdz-row-buttons" role="group" aria-label={`Azioni su ${what}`}>
      <button type="button" id={`${idBase}-up`} className="btn btn-outline-secondary btn-xs" disabled={index === 0} onClick={() => onMove(-1)}>
        <span aria-hidden="true">↑</span>
        <span className="visually-hidden">Sposta su {what}</span>
      </button>
      <button type="button" id={`${idBase}-down`} className="btn btn-outline-secondary btn-xs" disabled={index === count - 1} onClick={() => onMove(1)}>
        <span aria-hidden="true">↓</span>
        <span className="visually-hidden">Sposta giù {what}</span>
      </button>
      <button type="button" id={`${idBase}-remove`} className="btn btn-outline-danger btn-xs" onClick={onRemove}>
        <span aria-hidden="true">✕</span>
        <span className="visually-hidden">Rimuovi {what}</span>
      </button>
    </div>
  );
}

/** Moves focus to the same button of the element's new place (or the nearest enabled one). */
function focusAfterMove(idAt: (k: number) => string, newIndex: number, delta: number) {
  setTimeout(() => {
    const btn = document.getElementById(`${idAt(newIndex)}-${delta < 0 ? 'up' : 'down'}`) as HTMLButtonElement | null;
    if (btn && !btn.disabled) btn.focus();
    else document.getElementById(`${idAt(newIndex)}-${delta < 0 ? 'down' : 'up'}`)?.focus();
  }, 0);
}

function ListEditor({
  ctx, legend, itemLabel, items, onChange, idAt, addLabel,
}: {
  ctx: FieldCtx;
  legend: string;
  itemLabel: string;
  items: EItem[];
  onChange(items: EItem[]): void;
  idAt(k: number): string;
  addLabel: string;
}) {
  return (
    <fieldset className="pdz-list-editor">
      <legend className="pdz-label">{legend}</legend>
      {items.length === 0 && <p className="small text-muted mb-1">Nessuna voce.</p>}
      <ol className="list-unstyled mb-1">
        {items.map((it, k) => (
          <li key={it.key} className="d-flex gap-1 align-items-start mb-1">
            <Field
              ctx={ctx}
              id={idAt(k)}
              label={`${itemLabel} ${k + 1}`}
              hideLabel
              textarea
              rows={1}
              perRow={55}
              value={it.text}
              className="flex-grow-1 mb-0"
              onChange={(v) => onChange(items.map((x) => (x.key === it.key ? { ...x, text: v } : x)))}
            />
            <RowButtons
              idBase={idAt(k)}
              index={k}
              count={items.length}
              what={`${itemLabel.toLowerCase()} ${k + 1}`}
              onMove={(d) => {
                onChange(move(items, k, d));
                focusAfterMove(idAt, k + d, d);
              }}
              onRemove={() => {
                onChange(items.filter((x) => x.key !== it.key));
                focusSoon(items.length > 1 ? idAt(Math.max(0, k - 1)) : `${idAt(0)}-add`);
              }}
            />
          </li>
        ))}
      </ol>
      <button
        type="button"
        id={`${idAt(0)}-add`}
        className="btn btn-link btn-sm p-0"
        onClick={() => {
          onChange([...items, newItem()]);
          focusSoon(idAt(items.length));
        }}
      >
        + {addLabel}
      </button>
    </fieldset>
  );
}

function IndicatorEditor({
  ctx, ind, idf, n, onChange, buttons,
}: {
  ctx: FieldCtx;
  ind: EIndicator;
  idf(f: string): string;
  n: number;
  onChange(p: Partial<EIndicator>): void;
  buttons: ReactNode;
}) {
  return (
    <fieldset className="pdz-subcard">
      <div className="d-flex justify-content-between align-items-start gap-2">
        <legend className="pdz-label mb-1">Indicatore {n}</legend>
        {buttons}
      </div>
      <div className="row g-2">
        <Field ctx={ctx} className="col-12" id={idf('name')} label="Nome dell’indicatore" textarea rows={1} value={ind.name} onChange={(v) => onChange({ name: v })} />
        <Field ctx={ctx} className="col-md-4" id={idf('unit')} label="Unità di misura" value={ind.unit} onChange={(v) => onChange({ unit: v })} />
        <div className="pdz-field col-md-4">
          <label htmlFor={idf('dimension')} className="pdz-label">
            Dimensione
          </label>
          <select {...fieldAttrs(ctx, idf('dimension'), 'form-select')} value={ind.dimension} onChange={(e) => onChange({ dimension: e.target.value })}>
            <option value="">— non indicata —</option>
            {Object.entries(dimensionLabels).map(([k, v]) => (
              <option key={k} value={k}>
                {v}
              </option>
            ))}
          </select>
          <FieldError ctx={ctx} id={idf('dimension')} />
        </div>
        <Field ctx={ctx} className="col-md-4" id={idf('source')} label="Fonte del dato" value={ind.source} onChange={(v) => onChange({ source: v })} />
        <Field ctx={ctx} className="col-md-3" id={idf('base-value')} label="Valore di partenza" inputMode="decimal" value={ind.baseValue} onChange={(v) => onChange({ baseValue: v })} />
        <Field ctx={ctx} className="col-md-3" id={idf('base-date')} label="Data del valore di partenza" type="date" value={ind.baseDate} onChange={(v) => onChange({ baseDate: v })} />
        <Field ctx={ctx} className="col-md-3" id={idf('target-value')} label="Valore atteso" inputMode="decimal" value={ind.targetValue} onChange={(v) => onChange({ targetValue: v })} />
        <Field ctx={ctx} className="col-md-3" id={idf('target-date')} label="Entro la data" type="date" value={ind.targetDate} onChange={(v) => onChange({ targetDate: v })} />
      </div>
    </fieldset>
  );
}

function FinancialEditor({
  ctx, f, idf, n, funds, onChange, buttons,
}: {
  ctx: FieldCtx;
  f: EFinancial;
  idf(x: string): string;
  n: number;
  funds: RulesetEntry[];
  onChange(p: Partial<EFinancial>): void;
  buttons: ReactNode;
}) {
  const known = funds.some((x) => x.code === f.fund);
  return (
    <fieldset className="pdz-subcard">
      <div className="d-flex justify-content-between align-items-start gap-2">
        <legend className="pdz-label mb-1">Risorsa finanziaria {n}</legend>
        {buttons}
      </div>
      <div className="row g-2">
        <Field ctx={ctx} className="col-12" id={idf('description')} label="Descrizione" textarea rows={1} value={f.description} onChange={(v) => onChange({ description: v })} />
        <Field
          ctx={ctx}
          className="col-md-4"
          id={idf('amount')}
          label="Importo in euro"
          inputMode="decimal"
          help="Ad es. 12.500,00"
          value={f.amount}
          onChange={(v) => onChange({ amount: v })}
        />
        <div className="pdz-field col-md-4">
          <label htmlFor={idf('fund')} className="pdz-label">
            Fondo
          </label>
          <select {...fieldAttrs(ctx, idf('fund'), 'form-select')} value={f.fund} onChange={(e) => onChange({ fund: e.target.value })}>
            <option value="">— non indicato —</option>
            {funds.map((x) => (
              <option key={x.code} value={x.code}>
                {x.title}
              </option>
            ))}
            {f.fund && !known && <option value={f.fund}>{f.fund}</option>}
          </select>
          <FieldError ctx={ctx} id={idf('fund')} />
        </div>
        <Field ctx={ctx} className="col-md-4" id={idf('years')} label="Anni" help="Ad es. 2018, 2019" value={f.years} onChange={(v) => onChange({ years: v })} />
      </div>
    </fieldset>
  );
}

/** Checkboxes for tags taken from the ruleset (areas, strategic objectives); nothing when it has none. */
function TagPicker({
  idBase, legend, options, value, onChange,
}: {
  idBase: string;
  legend: string;
  options: RulesetEntry[];
  value: string[];
  onChange(v: string[]): void;
}) {
  const known = new Set(options.map((o) => o.code));
  const all = [...options, ...value.filter((v) => !known.has(v)).map((code) => ({ code, title: code, act: '' }))];
  if (all.length === 0) return null;
  return (
    <fieldset className="mt-2" id={idBase}>
      <legend className="pdz-label">{legend}</legend>
      <div className="d-flex flex-wrap gap-3">
        {all.map((o) => (
          <div className="form-check mb-0" key={o.code}>
            <input
              className="form-check-input"
              type="checkbox"
              id={`${idBase}-${o.code}`}
              checked={value.includes(o.code)}
              onChange={(e) => onChange(e.target.checked ? [...value, o.code] : value.filter((x) => x !== o.code))}
            />
            <label className="form-check-label" htmlFor={`${idBase}-${o.code}`}>
              {o.title}
            </label>
          </div>
        ))}
      </div>
    </fieldset>
  );
}

function SpecificEditor({
  ctx, s, i, j, count, funds, areas, onChange, onMove, onRemove,
}: {
  ctx: FieldCtx;
  s: ESpecific;
  i: number;
  j: number;
  count: number;
  funds: RulesetEntry[];
  areas: RulesetEntry[];
  onChange(p: Partial<ESpecific>): void;
  onMove(d: number): void;
  onRemove(): void;
}) {
  const base = ids.spec(i, j);
  const num = `${i + 1}.${j + 1}`;
  return (
    <div className="pdz-spec-card" data-specific={num}>
      <div className="d-flex justify-content-between align-items-start gap-2 mb-2">
        <h4 className="h6 mb-0" id={`${base}-heading`}>
          Obiettivo specifico <span className="pdz-num">{num}</span>
        </h4>
        <RowButtons idBase={base} index={j} count={count} what={`obiettivo specifico ${num}`} onMove={onMove} onRemove={onRemove} />
      </div>
      <Field ctx={ctx} id={`${base}-title`} label={`Obiettivo specifico ${num}`} hideLabel textarea rows={2} value={s.title} onChange={(v) => onChange({ title: v })} />
      <div className="row g-3">
        <div className="pdz-field col-sm-4">
          <label htmlFor={`${base}-kind`} className="pdz-label">
            Tipo di intervento
          </label>
          <select {...fieldAttrs(ctx, `${base}-kind`, 'form-select')} value={s.kind} onChange={(e) => onChange({ kind: e.target.value })}>
            <option value="">Non indicato</option>
            {Object.entries(interventionKindLabels).map(([k, v]) => (
              <option key={k} value={k}>
                {v}
              </option>
            ))}
          </select>
          <FieldError ctx={ctx} id={`${base}-kind`} />
        </div>
        <div className="col-sm-8">
          <TagPicker idBase={`${base}-areas`} legend="Aree (tavoli tematici)" options={areas} value={s.areas} onChange={(v) => onChange({ areas: v })} />
        </div>
      </div>
      <div className="row g-3 mt-1">
        <div className="col-lg-6">
          <ListEditor
            ctx={ctx}
            legend="Interventi/azioni di sistema"
            itemLabel="Azione"
            addLabel="Aggiungi azione"
            items={s.actions}
            idAt={(k) => ids.list(i, j, 'actions', k)}
            onChange={(actions) => onChange({ actions })}
          />
        </div>
        <div className="col-lg-6">
          <ListEditor
            ctx={ctx}
            legend="Strumenti utilizzati"
            itemLabel="Strumento"
            addLabel="Aggiungi strumento"
            items={s.tools}
            idAt={(k) => ids.list(i, j, 'tools', k)}
            onChange={(tools) => onChange({ tools })}
          />
        </div>
      </div>
      <fieldset className="mt-3">
        <legend className="pdz-label">Indicatori di esito</legend>
        {s.indicators.map((ind, k) => (
          <IndicatorEditor
            key={ind.key}
            ctx={ctx}
            ind={ind}
            n={k + 1}
            idf={(f) => ids.ind(i, j, k, f)}
            onChange={(p) => onChange({ indicators: s.indicators.map((x) => (x.key === ind.key ? { ...x, ...p } : x)) })}
            buttons={
              <RowButtons
                idBase={ids.ind(i, j, k, 'row')}
                index={k}
                count={s.indicators.length}
                what={`indicatore ${k + 1} dell’obiettivo ${num}`}
                onMove={(d) => {
                  onChange({ indicators: move(s.indicators, k, d) });
                  focusAfterMove((x) => ids.ind(i, j, x, 'row'), k + d, d);
                }}
                onRemove={() => {
                  onChange({ indicators: s.indicators.filter((x) => x.key !== ind.key) });
                  focusSoon(`${base}-ind-add`);
                }}
              />
            }
          />
        ))}
        <button
          type="button"
          id={`${base}-ind-add`}
          className="btn btn-link btn-sm p-0"
          onClick={() => {
            onChange({ indicators: [...s.indicators, newIndicator()] });
            focusSoon(ids.ind(i, j, s.indicators.length, 'name'));
          }}
        >
          + Aggiungi indicatore
        </button>
      </fieldset>
      <fieldset className="mt-3">
        <legend className="pdz-label">Risorse impiegate: finanziarie</legend>
        {s.financial.map((f, k) => (
          <FinancialEditor
            key={f.key}
            ctx={ctx}
            f={f}
            n={k + 1}
            funds={funds}
            idf={(x) => ids.fin(i, j, k, x)}
            onChange={(p) => onChange({ financial: s.financial.map((x) => (x.key === f.key ? { ...x, ...p } : x)) })}
            buttons={
              <RowButtons
                idBase={ids.fin(i, j, k, 'row')}
                index={k}
                count={s.financial.length}
                what={`risorsa finanziaria ${k + 1} dell’obiettivo ${num}`}
                onMove={(d) => {
                  onChange({ financial: move(s.financial, k, d) });
                  focusAfterMove((x) => ids.fin(i, j, x, 'row'), k + d, d);
                }}
                onRemove={() => {
                  onChange({ financial: s.financial.filter((x) => x.key !== f.key) });
                  focusSoon(`${base}-fin-add`);
                }}
              />
            }
          />
        ))}
        <button
          type="button"
          id={`${base}-fin-add`}
          className="btn btn-link btn-sm p-0"
          onClick={() => {
            onChange({ financial: [...s.financial, newFinancial()] });
            focusSoon(ids.fin(i, j, s.financial.length, 'description'));
          }}
        >
          + Aggiungi risorsa finanziaria
        </button>
      </fieldset>
      <div className="row g-3 mt-1">
        <div className="col-lg-6">
          <ListEditor
            ctx={ctx}
            legend="Risorse impiegate: professionali"
            itemLabel="Risorsa professionale"
            addLabel="Aggiungi risorsa professionale"
            items={s.professional}
            idAt={(k) => ids.list(i, j, 'professional', k)}
            onChange={(professional) => onChange({ professional })}
          />
        </div>
        <div className="col-lg-6">
          <fieldset>
            <legend className="pdz-label">Tempistica</legend>
            <div className="row g-2">
              <div className="pdz-field col-sm-6">
                <label htmlFor={`${base}-timing-kind`} className="pdz-label">
                  Tipo di tempistica
                </label>
                <select {...fieldAttrs(ctx, `${base}-timing-kind`, 'form-select')} value={s.timingKind} onChange={(e) => onChange({ timingKind: e.target.value })}>
                  {Object.entries(timingKindLabels).map(([k, v]) => (
                    <option key={k} value={k}>
                      {v}
                    </option>
                  ))}
                </select>
                <FieldError ctx={ctx} id={`${base}-timing-kind`} />
              </div>
              <Field ctx={ctx} className="col-sm-6" id={`${base}-timing-date`} label="Data" type="date" value={s.timingDate} onChange={(v) => onChange({ timingDate: v })} />
              <Field
                ctx={ctx}
                className="col-12"
                id={`${base}-timing-text`}
                label="Descrizione della tempistica"
                textarea
                rows={2}
                help="Ad es. «31.12.2017», «ogni 6 mesi», «in relazione all’emissione dei bandi»"
                value={s.timingText}
                onChange={(v) => onChange({ timingText: v })}
              />
            </div>
          </fieldset>
        </div>
      </div>
    </div>
  );
}

export function PlanEditor({
  view, funds, areas = [], strategicObjectives = [], requiredSections, onSaved, onCancel, onReload, onDirtyChange,
}: {
  view: PlanView;
  funds: RulesetEntry[];
  areas?: RulesetEntry[];
  strategicObjectives?: RulesetEntry[];
  requiredSections: RulesetEntry[];
  onSaved(res: PlanSaveResult): void;
  onCancel(): void;
  onReload(): void;
  onDirtyChange(dirty: boolean): void;
}) {
  const [model, setModel] = useState<EPlan>(() => toEditor(view.plan));
  const initial = useMemo(() => JSON.stringify(fromEditor(toEditor(view.plan)).plan), [view.plan]);
  const [tab, setTab] = useState<'sezioni' | 'obiettivi'>('obiettivi');
  const [asking, setAsking] = useState(false);
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [conflict, setConflict] = useState<{ current_version: number; changes: PlanChange[] } | null>(null);
  const [preview, setPreview] = useState<Set<string>>(new Set());
  const [addSection, setAddSection] = useState('');
  const errorRef = useRef<HTMLDivElement>(null);

  const current = fromEditor(model);
  const dirty = JSON.stringify(current.plan) !== initial;
  useEffect(() => onDirtyChange(dirty), [dirty, onDirtyChange]);
  useEffect(() => {
    if (error || conflict) errorRef.current?.focus();
  }, [error, conflict]);

  const details: ErrorDetail[] = error?.details ?? [];
  const located = details.map((d) => ({ d, loc: d.field ? locatePlanField(d.field) : null }));
  const marks: Marks = { bad: new Map(located.filter((x) => x.loc?.id).map((x) => [x.loc!.id!, x.d.reason ?? 'valore non valido'])) };
  const ctx: FieldCtx = { marks };

  const set = (p: Partial<EPlan>) => setModel((m) => ({ ...m, ...p }));
  const setObj = (i: number, p: Partial<EObjective>) =>
    setModel((m) => ({ ...m, objectives: m.objectives.map((o, k) => (k === i ? { ...o, ...p } : o)) }));
  const setSpec = (i: number, j: number, p: Partial<ESpecific>) =>
    setModel((m) => ({
      ...m,
      objectives: m.objectives.map((o, k) => (k === i ? { ...o, specific: o.specific.map((s, l) => (l === j ? { ...s, ...p } : s)) } : o)),
    }));

  const presentCodes = model.sections.map((s) => s.code);
  const addable = requiredSections.filter((r) => !presentCodes.includes(r.code));

  function goTo(id: string | null, t: 'sezioni' | 'obiettivi') {
    setTab(t);
    if (id) {
      setTimeout(() => {
        const el = document.getElementById(id);
        el?.scrollIntoView({ block: 'center' });
        el?.focus();
      }, 0);
    }
  }

  function startSave() {
    setConflict(null);
    if (current.errors.length > 0) {
      setError(new ApiError(422, 'invalid_input', 'Alcuni dati non sono validi: correggili e premi di nuovo «Salva».', current.errors));
      setAsking(false);
      return;
    }
    setAsking(true);
    focusSoon('save-note');
  }

  async function save() {
    setBusy(true);
    setError(null);
    setConflict(null);
    try {
      const res = await api.savePlan(view.id, view.version, note.trim(), current.plan);
      onDirtyChange(false);
      onSaved(res);
    } catch (e) {
      const err = describeError(e);
      setAsking(false);
      if (err.status === 409 && err.code === 'version_conflict') {
        const v = err.details[0]?.value as { current_version?: number; changes?: PlanChange[] } | undefined;
        setConflict({ current_version: v?.current_version ?? 0, changes: v?.changes ?? [] });
      } else {
        setError(err);
      }
    } finally {
      setBusy(false);
    }
  }

  function reload() {
    if (!dirty || window.confirm('Ricaricare il piano? Le tue modifiche non salvate andranno perse.')) {
      onDirtyChange(false);
      onReload();
    }
  }

  function cancel() {
    if (!dirty || window.confirm('Annullare la modifica? Le modifiche non salvate andranno perse.')) {
      onDirtyChange(false);
      onCancel();
    }
  }

  return (
    <form
      noValidate
      aria-labelledby="editor-title"
      onSubmit={(e) => {
        e.preventDefault();
        if (asking) void save();
        else startSave();
      }}
    >
      <div className="pdz-editor-bar">
        <div className="d-flex flex-wrap align-items-center justify-content-between gap-2">
          <h2 id="editor-title" className="h5 mb-0">
            Modifica del piano
            {dirty ? <span className="badge pdz-dirty-badge ms-2">Modifiche non salvate</span> : <span className="small fw-normal text-muted ms-2">nessuna modifica</span>}
          </h2>
          <div className="d-flex gap-2">
            <button type="button" className="btn btn-outline-primary btn-sm" onClick={cancel} disabled={busy}>
              Annulla
            </button>
            <button type="button" className="btn btn-primary btn-sm" onClick={startSave} disabled={busy || asking}>
              Salva
            </button>
          </div>
        </div>
        {asking && (
          <div className="pdz-save-box mt-2" role="group" aria-label="Conferma del salvataggio">
            <label id="save-note-label" htmlFor="save-note" className="pdz-label">
              Nota della revisione (facoltativa)
            </label>
            <textarea
              id="save-note"
              className="form-control"
              rows={2}
              value={note}
              aria-describedby="save-note-help"
              onChange={(e) => setNote(e.target.value)}
            />
            <small id="save-note-help" className="form-text d-block mb-2">
              Descrivi in breve cosa hai cambiato: la nota comparirà nell’elenco delle revisioni.
            </small>
            <div className="d-flex gap-2">
              <button type="submit" className="btn btn-primary btn-sm" disabled={busy}>
                {busy ? 'Salvataggio in corso…' : 'Conferma e salva'}
              </button>
              <button type="button" className="btn btn-outline-primary btn-sm" disabled={busy} onClick={() => setAsking(false)}>
                Torna alla modifica
              </button>
            </div>
          </div>
        )}
      </div>

      <div ref={errorRef} tabIndex={-1} id="editor-errors" className="mt-3">
        {conflict && (
          <div className="alert alert-warning" role="alert" id="plan-conflict">
            <p className="fw-semibold mb-1">Il piano è stato modificato da qualcun altro dopo che lo hai aperto: le tue modifiche non sono state salvate.</p>
            <p className="mb-2">
              Ecco cosa è cambiato nel frattempo (ora il piano è alla versione {conflict.current_version}). Puoi ricaricare il piano
              e riapplicare le tue modifiche: quelle fatte qui resteranno visibili finché non ricarichi.
            </p>
            <ChangeList changes={conflict.changes} />
            <button type="button" className="btn btn-primary btn-sm mt-2" onClick={reload}>
              Ricarica il piano
            </button>
          </div>
        )}
        {error && (
          <div className="alert alert-danger" role="alert" id="plan-errors">
            <p className="fw-semibold mb-1">{error.status === 422 ? 'Il piano non è stato salvato:' : 'Salvataggio non riuscito.'}</p>
            <p className="mb-0">{error.message}</p>
            {located.length > 0 && (
              <ul className="mb-0 mt-2">
                {located.map(({ d, loc }, k) => (
                  <li key={k}>
                    {loc ? (
                      <button type="button" className="btn btn-link p-0 align-baseline text-start" onClick={() => goTo(loc.id, loc.tab)}>
                        {loc.label}
                      </button>
                    ) : (
                      d.field
                    )}
                    {d.reason && <>: {d.reason}</>}
                  </li>
                ))}
              </ul>
            )}
          </div>
        )}
      </div>

      <Tabs
        prefix="edit"
        label="Parti del piano da modificare"
        active={tab}
        onChange={(t) => setTab(t as 'sezioni' | 'obiettivi')}
        tabs={[
          { id: 'sezioni', label: 'Dati generali e sezioni' },
          { id: 'obiettivi', label: 'Obiettivi' },
        ]}
      />

      <div role="tabpanel" id={panelId('edit', 'sezioni')} aria-labelledby={tabId('edit', 'sezioni')} hidden={tab !== 'sezioni'}>
        <fieldset className="mb-4">
          <legend className="h5">Dati generali</legend>
          <div className="row g-3">
            <Field ctx={ctx} className="col-md-6" id="plan-title" label="Titolo del piano" value={model.title} onChange={(v) => set({ title: v })} />
            <Field ctx={ctx} className="col-md-6" id="plan-subtitle" label="Sottotitolo" value={model.subtitle} onChange={(v) => set({ subtitle: v })} />
            <Field ctx={ctx} className="col-md-3" id="plan-from" label="Periodo: dal" type="date" value={model.from} onChange={(v) => set({ from: v })} />
            <Field ctx={ctx} className="col-md-3" id="plan-to" label="Periodo: al" type="date" value={model.to} onChange={(v) => set({ to: v })} />
          </div>
        </fieldset>
        <h3 className="h5">Sezioni</h3>
        <p className="small">
          Il testo si scrive in Markdown: <code># Titolo</code>, <code>**grassetto**</code>, <code>*corsivo*</code>, elenchi con{' '}
          <code>- voce</code> o <code>1. voce</code>, tabelle con <code>| colonna | colonna |</code>. Usa «Anteprima» per vedere il
          risultato.
        </p>
        {model.sections.map((s, k) => {
          const shown = preview.has(s.key);
          return (
            <fieldset key={s.key} className="pdz-spec-card">
              <div className="d-flex justify-content-between align-items-start gap-2">
                <legend className="h6 mb-2">Sezione {k + 1}</legend>
                <RowButtons
                  idBase={`sec-${k}`}
                  index={k}
                  count={model.sections.length}
                  what={`sezione ${k + 1}`}
                  onMove={(d) => {
                    set({ sections: move(model.sections, k, d) });
                    focusAfterMove((x) => `sec-${x}`, k + d, d);
                  }}
                  onRemove={() => {
                    if (s.body.trim() && !window.confirm(`Rimuovere la sezione «${s.title || k + 1}» e il suo testo?`)) return;
                    set({ sections: model.sections.filter((x) => x.key !== s.key) });
                    focusSoon('section-add');
                  }}
                />
              </div>
              <Field ctx={ctx} id={`sec-${k}-title`} label="Titolo della sezione" value={s.title} onChange={(v) => set({ sections: model.sections.map((x) => (x.key === s.key ? { ...x, title: v } : x)) })} />
              <div className="d-flex justify-content-end mt-2">
                <button
                  type="button"
                  className="btn btn-outline-secondary btn-xs"
                  aria-pressed={shown}
                  aria-controls={`sec-${k}-preview`}
                  onClick={() =>
                    setPreview((p) => {
                      const n = new Set(p);
                      if (n.has(s.key)) n.delete(s.key);
                      else n.add(s.key);
                      return n;
                    })
                  }
                >
                  Anteprima<span className="visually-hidden"> della sezione {k + 1}</span>
                </button>
              </div>
              <Field ctx={ctx} id={`sec-${k}-body`} label="Testo della sezione (Markdown)" textarea rows={8} value={s.body} onChange={(v) => set({ sections: model.sections.map((x) => (x.key === s.key ? { ...x, body: v } : x)) })} />
              <div id={`sec-${k}-preview`} aria-live="polite">
                {shown && (
                  <div className="pdz-preview mt-2">
                    <p className="small fw-semibold mb-1">Anteprima</p>
                    <Markdown source={s.body} baseLevel={4} />
                  </div>
                )}
              </div>
            </fieldset>
          );
        })}
        <div className="row g-2 align-items-end mb-4">
          <div className="col-md-8">
            <label htmlFor="section-kind" className="pdz-label">
              Sezione da aggiungere
            </label>
            <select id="section-kind" className="form-select" value={addSection} onChange={(e) => setAddSection(e.target.value)}>
              <option value="">Sezione libera (scegli tu il titolo)</option>
              {addable.map((r) => (
                <option key={r.code} value={r.code}>
                  {r.title} (richiesta da {r.act})
                </option>
              ))}
            </select>
          </div>
          <div className="col-md-4">
            <button
              type="button"
              id="section-add"
              className="btn btn-outline-primary"
              onClick={() => {
                const r = addable.find((x) => x.code === addSection);
                set({ sections: [...model.sections, newSection(r?.code ?? '', r?.title ?? '')] });
                setAddSection('');
                focusSoon(r ? `sec-${model.sections.length}-body` : `sec-${model.sections.length}-title`);
              }}
            >
              Aggiungi sezione
            </button>
          </div>
        </div>
      </div>

      <div role="tabpanel" id={panelId('edit', 'obiettivi')} aria-labelledby={tabId('edit', 'obiettivi')} hidden={tab !== 'obiettivi'}>
        {model.objectives.map((o, i) => (
          <section key={o.key} className="pdz-obj-card" aria-labelledby={`obj-${i}-heading`} data-objective={i + 1}>
            <div className="d-flex justify-content-between align-items-start gap-2 mb-2">
              <h3 className="h5 mb-0" id={`obj-${i}-heading`}>
                Obiettivo generale <span className="pdz-num">{i + 1}.</span>
              </h3>
              <RowButtons
                idBase={`obj-${i}`}
                index={i}
                count={model.objectives.length}
                what={`obiettivo generale ${i + 1}`}
                onMove={(d) => {
                  set({ objectives: move(model.objectives, i, d) });
                  focusAfterMove((x) => `obj-${x}`, i + d, d);
                }}
                onRemove={() => {
                  if (!window.confirm(`Rimuovere l’obiettivo generale ${i + 1} con tutti i suoi obiettivi specifici?`)) return;
                  set({ objectives: model.objectives.filter((x) => x.key !== o.key) });
                  focusSoon('objective-add');
                }}
              />
            </div>
            <Field ctx={ctx} id={`obj-${i}-title`} label={`Obiettivo generale ${i + 1}`} hideLabel textarea rows={2} value={o.title} onChange={(v) => setObj(i, { title: v })} />
            <TagPicker
              idBase={`obj-${i}-strategic`}
              legend="Obiettivi strategici regionali"
              options={strategicObjectives}
              value={o.strategic}
              onChange={(v) => setObj(i, { strategic: v })}
            />
            <TagPicker idBase={`obj-${i}-areas`} legend="Aree (tavoli tematici)" options={areas} value={o.areas} onChange={(v) => setObj(i, { areas: v })} />
            {o.specific.map((s, j) => (
              <SpecificEditor
                key={s.key}
                ctx={ctx}
                s={s}
                i={i}
                j={j}
                count={o.specific.length}
                funds={funds}
                areas={areas}
                onChange={(p) => setSpec(i, j, p)}
                onMove={(d) => {
                  setObj(i, { specific: move(o.specific, j, d) });
                  focusAfterMove((x) => ids.spec(i, x), j + d, d);
                }}
                onRemove={() => {
                  if (!window.confirm(`Rimuovere l’obiettivo specifico ${i + 1}.${j + 1}?`)) return;
                  setObj(i, { specific: o.specific.filter((x) => x.key !== s.key) });
                  focusSoon(`obj-${i}-spec-add`);
                }}
              />
            ))}
            <button
              type="button"
              id={`obj-${i}-spec-add`}
              className="btn btn-outline-primary btn-sm mt-2"
              onClick={() => {
                setObj(i, { specific: [...o.specific, newSpecific()] });
                focusSoon(`${ids.spec(i, o.specific.length)}-title`);
              }}
            >
              Aggiungi obiettivo specifico<span className="visually-hidden"> all’obiettivo generale {i + 1}</span>
            </button>
          </section>
        ))}
        <button
          type="button"
          id="objective-add"
          className="btn btn-outline-primary mb-4"
          onClick={() => {
            set({ objectives: [...model.objectives, newObjective()] });
            focusSoon(`obj-${model.objectives.length}-title`);
          }}
        >
          Aggiungi obiettivo generale
        </button>
      </div>
    </form>
  );
}
