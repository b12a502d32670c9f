// Helpers on pdz-ruleset/1 documents: the parameters left to the Region in Italian, the calculator's inputs.
import type { PremialitaRule, RulesetBody, RulesetDocument, RulesetEntry } from './types';

export function rulesetBody(doc: RulesetDocument): RulesetBody {
  return doc.body as unknown as RulesetBody;
}

export const rulesetLink = (code: string, version?: number) =>
  `/regole/${encodeURIComponent(code)}` + (version ? `?version=${version}` : '');
export const calculatorLink = (code: string) => `/regole/${encodeURIComponent(code)}/premialita`;

/** A value of the ruleset the acts leave to the Region, described in Italian. */
export interface RulesetParameter {
  path: string;
  label: string;
  act?: string;
}

/** Turns a parameter path such as "premialita.rules[0].amount_cents" into Italian words. */
export function describeParameter(path: string, body: RulesetBody): RulesetParameter {
  const p = body.premialita;
  if (path === 'premialita.budget_cents') {
    return { path, label: 'Budget regionale complessivo della premialità (in euro)', act: p?.budget_act };
  }
  if (path === 'premialita.cap_per_ambito_cents') {
    return { path, label: 'Tetto della premialità per ambito (in euro)', act: p?.cap_act };
  }
  let m = /^premialita\.rules\[(\d+)\]\.amount_cents$/.exec(path);
  if (m) {
    const r = p?.rules[Number(m[1])];
    return { path, label: `Importo della premialità «${r?.title ?? m[1]}» (in euro)`, act: r?.act };
  }
  m = /^premialita\.rules\[(\d+)\]\.tiers\[(\d+)\]\.amount_cents$/.exec(path);
  if (m) {
    const r = p?.rules[Number(m[1])];
    return { path, label: `Importo della fascia ${Number(m[2]) + 1} della premialità «${r?.title ?? m[1]}» (in euro)`, act: r?.act };
  }
  m = /^deadlines\[(\d+)\]\.(date|within_days)$/.exec(path);
  if (m) {
    const d = body.deadlines?.[Number(m[1])];
    return { path, label: `Termine della scadenza «${d?.title ?? m[1]}»`, act: d?.act };
  }
  return { path, label: path };
}

/** An input of the premialità calculator: `key` is the name sent in `parameters`. */
export interface CalculatorParameter {
  key: string;
  label: string;
  act?: string;
  /** The value fixed by the acts, if any (then the input is optional). */
  fixedCents?: number | null;
  /** True when the acts leave it to the Region. */
  open: boolean;
}

/**
 * The calculator's parameters: budget, cap and every rule amount the acts leave null (those in
 * the ruleset's `parameters`, plus any null found in the body).
 */
export function calculatorParameters(doc: RulesetDocument): CalculatorParameter[] {
  const body = rulesetBody(doc);
  const p = body.premialita;
  if (!p) return [];
  const listed = new Set(doc.parameters);
  const out: CalculatorParameter[] = [];
  const budgetOpen = listed.has('premialita.budget_cents') || p.budget_cents === null;
  if (budgetOpen) {
    out.push({ key: 'budget', label: 'Budget regionale della premialità', act: p.budget_act, open: true });
  }
  const capOpen = listed.has('premialita.cap_per_ambito_cents') || p.cap_per_ambito_cents === null;
  if (capOpen) {
    out.push({ key: 'cap', label: 'Tetto per ambito', act: p.cap_act, open: true });
  }
  p.rules.forEach((r, i) => {
    if (listed.has(`premialita.rules[${i}].amount_cents`) || r.amount_cents === null) {
      out.push({ key: r.id, label: `Importo: ${r.title}`, act: r.act, open: true });
    }
  });
  return out;
}

/** The objectives an ambito may have reached: the strategic objectives, plus any a rule pays for. */
export function objectiveOptions(body: RulesetBody): RulesetEntry[] {
  const out: RulesetEntry[] = [...(body.strategic_objectives ?? [])];
  const seen = new Set(out.map((o) => o.code));
  for (const r of body.premialita?.rules ?? []) {
    if (r.kind === 'objective' && r.objective && !seen.has(r.objective)) {
      seen.add(r.objective);
      out.push({ code: r.objective, title: r.title, act: r.act });
    }
  }
  return out;
}

export function hasSharedPolicy(body: RulesetBody): boolean {
  return (body.premialita?.rules ?? []).some((r) => r.kind === 'shared_policy');
}

/** Italian name of a rule id appearing in a premialità trace (rule ids, or the budget/cap adjustments). */
export function traceRuleLabel(rule: string, body: RulesetBody | null): string {
  const r: PremialitaRule | undefined = body?.premialita?.rules.find((x) => x.id === rule);
  if (r) return r.title;
  if (rule === 'budget') return 'Budget regionale: riduzione proporzionale';
  if (rule === 'cap') return 'Tetto per ambito';
  return rule;
}
