/** Scope & scan: the form on the left; the practice lab and the scan's progress on the right. */
import { ScreenHead } from '../../components/ScreenHead';
import { LabPanel } from './LabPanel';
import { ScanStatusPanel } from './ScanStatusPanel';
import { ScopeFormPanel } from './ScopeFormPanel';

export function ScopeScreen() {
  return (
    <div className="screen">
      <ScreenHead title="Scope & scan">
        Find the DICOM services and imaging web interfaces on your networks and check each one against the catalog.
        Collimator only asks what any DICOM client asks; it reads no patient data and changes nothing.
      </ScreenHead>
      <div className="scope-layout">
        <ScopeFormPanel />
        <div className="scope-side">
          <LabPanel />
          <ScanStatusPanel />
        </div>
      </div>
    </div>
  );
}
