// The page's <h1>; sets document.title and moves focus to the heading after client-side navigation.
import { useEffect, useRef, type ReactNode } from 'react';

let firstRender = true;

export function PageTitle({ title, children }: { title: string; children?: ReactNode }) {
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    document.title = `${title} – pdz Piani di Zona`;
  }, [title]);
  useEffect(() => {
    if (firstRender) {
      firstRender = false;
      return;
    }
    ref.current?.focus({ preventScroll: false });
  }, []);
  return (
    <h1 ref={ref} tabIndex={-1} className="h2 mb-3 pdz-title">
      {children ?? title}
    </h1>
  );
}
