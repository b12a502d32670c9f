// Italian labels for API enums and number/date formatting helpers.
import type { CapofilaType } from './types';

export const capofilaTypeLabels: Record<CapofilaType, string> = {
  comune: 'Comune',
  azienda_speciale_consortile: 'Azienda speciale consortile',
  comunita_montana: 'Comunità montana',
  consorzio: 'Consorzio',
  unione_di_comuni: 'Unione di comuni',
  altro: 'Altro',
};

export function capofilaTypeLabel(t: string): string {
  return (capofilaTypeLabels as Record<string, string>)[t] ?? t;
}

export const scopeKindLabels: Record<string, string> = {
  region: 'Regione',
  agency: 'ATS/ASL/ASP',
  ambito: 'Ambito',
  comune: 'Comune',
};

export const udpFieldLabels: Record<string, string> = {
  host_body: 'Ente che ospita l’Ufficio di Piano',
  address: 'Indirizzo',
  email: 'Email',
  phone: 'Telefono',
  pec: 'PEC',
  head: 'Responsabile',
};

const numberFmt = new Intl.NumberFormat('it-IT');

export function formatNumber(n: number | null | undefined): string {
  return n === null || n === undefined ? '–' : numberFmt.format(n);
}

/** 2018-06-30 -> 30/06/2018; null -> the fallback. */
export function formatDate(iso: string | null | undefined, fallback = '–'): string {
  if (!iso) return fallback;
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  return m ? `${m[3]}/${m[2]}/${m[1]}` : iso;
}

/** 2026-11-25T20:12:27Z -> 25/11/2026, 21:12 (local time). */
export function formatDateTime(iso: string | null | undefined, fallback = '–'): string {
  if (!iso) return fallback;
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return new Intl.DateTimeFormat('it-IT', { day: '2-digit', month: '2-digit', year: 'numeric', hour: '2-digit', minute: '2-digit' }).format(d);
}

export function todayIso(): string {
  const d = new Date();
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`;
}

/** Signatories of the Accordo di Programma named by a ruleset (adp.required_signatories). */
export const signatoryLabels: Record<string, string> = {
  comuni: 'Comuni dell’ambito',
  ats: 'ATS (Agenzia di Tutela della Salute)',
  asst: 'ASST (Aziende Socio-Sanitarie Territoriali)',
  asl: 'ASL (Azienda Sanitaria Locale)',
  asp: 'ASP (Azienda Sanitaria Provinciale)',
  provincia: 'Provincia',
  terzo_settore: 'Terzo settore',
};

export function signatoryLabel(s: string): string {
  return signatoryLabels[s] ?? s;
}

/** Events a deadline counts its days from (deadlines[].after_event), as said after "entro N giorni". */
export const deadlineEventLabels: Record<string, string> = {
  ricezione: 'dalla ricezione del Piano',
  approvazione: 'dall’approvazione del Piano',
  sottoscrizione: 'dalla sottoscrizione dell’Accordo di Programma',
  pubblicazione: 'dalla pubblicazione delle linee di indirizzo',
};

/** "entro 30 giorni dalla ricezione del Piano". */
export function deadlineWithin(days: number, event: string | null | undefined): string {
  const n = days === 1 ? '1 giorno' : `${days} giorni`;
  if (!event) return `entro ${n}`;
  return `entro ${n} ${deadlineEventLabels[event] ?? `da «${event.replace(/_/g, ' ')}»`}`;
}

export const premialitaKindLabels: Record<string, string> = {
  date_tier: 'A fasce per data',
  objective: 'Per obiettivo raggiunto',
  shared_policy: 'Policy condivisa tra ambiti',
};

export function premialitaKindLabel(k: string): string {
  return premialitaKindLabels[k] ?? k;
}

/** Facts a premialità rule may test (condition_fact, date_fact). */
export const factLabels: Record<string, string> = {
  ambito_distrettuale: 'ambito distrettuale',
  adp_signed_on: 'data di firma dell’Accordo di Programma',
};

export function factLabel(f: string): string {
  return factLabels[f] ?? f.replace(/_/g, ' ');
}
