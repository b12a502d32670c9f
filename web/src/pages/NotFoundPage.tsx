// 404 page in Italian.
import { Link } from 'react-router-dom';
import { PageTitle } from '../components/PageTitle';

export function NotFoundPage() {
  return (
    <>
      <PageTitle title="Pagina non trovata" />
      <p>La pagina che cerchi non esiste o è stata spostata.</p>
      <p>
        Torna alla <Link to="/">pagina iniziale</Link> oppure consulta il <Link to="/territorio">territorio</Link>.
      </p>
    </>
  );
}
