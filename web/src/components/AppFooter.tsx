// Bootstrap Italia footer with the app identity and useful links.
import { Link } from 'react-router-dom';

export function AppFooter() {
  return (
    <footer className="it-footer" id="footer">
      <div className="it-footer-main">
        <div className="container">
          <div className="row">
            <div className="col-12 footer-items-wrapper logo-wrapper">
              <div className="it-brand-wrapper">
                <Link to="/">
                  <div className="it-brand-text">
                    <h2 className="no_toc">pdz – Piani di Zona</h2>
                    <h3 className="no_toc d-none d-md-block">
                      Piattaforma aperta per la programmazione sociale degli ambiti territoriali (L. 328/2000, art. 19)
                    </h3>
                  </div>
                </Link>
              </div>
            </div>
          </div>
          <div className="row">
            <div className="col-md-6 footer-items-wrapper">
              <h3 className="footer-heading-title">Navigazione</h3>
              <ul className="footer-list">
                <li><Link to="/territorio">Territorio</Link></li>
                <li><Link to="/territorio/comuni">Cerca comuni</Link></li>
                <li><Link to="/regole">Regole e premialità</Link></li>
                <li><Link to="/accedi">Accedi</Link></li>
              </ul>
            </div>
            <div className="col-md-6 footer-items-wrapper">
              <h3 className="footer-heading-title">Dati aperti e sviluppatori</h3>
              <ul className="footer-list">
                <li><a href="/api/docs">Documentazione API</a></li>
                <li><a href="/api/v1/openapi.json">Specifica OpenAPI (JSON)</a></li>
              </ul>
            </div>
          </div>
        </div>
      </div>
      <div className="it-footer-small-prints clearfix">
        <div className="container">
          <h3 className="visually-hidden">Sezione link utili</h3>
          <ul className="it-footer-small-prints-list list-inline mb-0 d-flex flex-column flex-md-row">
            <li className="list-inline-item text-white">pdz – software libero per i Piani di Zona</li>
          </ul>
        </div>
      </div>
    </footer>
  );
}
