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

export function todayIso(): string {
  const d = new Date();
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`;
}
