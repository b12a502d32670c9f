// Routes of the app: one page component per screen, inside the common layout.
import { Route, Routes } from 'react-router-dom';
import { Layout } from './components/Layout';
import { HomePage } from './pages/HomePage';
import { LoginPage } from './pages/LoginPage';
import { RegionsPage } from './pages/RegionsPage';
import { RegionPage } from './pages/RegionPage';
import { AgencyPage } from './pages/AgencyPage';
import { AmbitoPage } from './pages/AmbitoPage';
import { ComunePage } from './pages/ComunePage';
import { ComuniSearchPage } from './pages/ComuniSearchPage';
import { UsersPage } from './pages/UsersPage';
import { RulesetsPage } from './pages/RulesetsPage';
import { RulesetPage } from './pages/RulesetPage';
import { PremialitaPage } from './pages/PremialitaPage';
import { PremialitaRunPage } from './pages/PremialitaRunPage';
import { PlanPage } from './pages/PlanPage';
import { AllocationsPage } from './pages/AllocationsPage';
import { AllocationPage } from './pages/AllocationPage';
import { NotFoundPage } from './pages/NotFoundPage';
import { DashboardPage } from './pages/DashboardPage';
import { FlowsPage } from './pages/FlowsPage';

export function App() {
  return (
    <Layout>
      <Routes>
        <Route path="/" element={<HomePage />} />
        <Route path="/accedi" element={<LoginPage />} />
        <Route path="/territorio" element={<RegionsPage />} />
        <Route path="/territorio/regioni/:code" element={<RegionPage />} />
        <Route path="/territorio/ats/:code" element={<AgencyPage />} />
        <Route path="/territorio/ambiti/:code" element={<AmbitoPage />} />
        <Route path="/territorio/comuni" element={<ComuniSearchPage />} />
        <Route path="/territorio/comuni/:istat" element={<ComunePage />} />
        <Route path="/regole" element={<RulesetsPage />} />
        <Route path="/regole/:code" element={<RulesetPage />} />
        <Route path="/regole/:code/premialita" element={<PremialitaPage />} />
        <Route path="/premialita/:id" element={<PremialitaRunPage />} />
        <Route path="/piani/:id" element={<PlanPage />} />
        <Route path="/regioni/:code/riparti" element={<AllocationsPage />} />
        <Route path="/riparti/:id" element={<AllocationPage />} />
        <Route path="/conoscenza/:level/:code?" element={<DashboardPage />} />
        <Route path="/flussi" element={<FlowsPage />} />
        <Route path="/amministrazione/utenti" element={<UsersPage />} />
        <Route path="*" element={<NotFoundPage />} />
      </Routes>
    </Layout>
  );
}
