/** Scope & scan: the form on the left; the practice lab and the scan's progress on the right. */
import { ScreenHead } from '../../components/ScreenHead';
import { useAppStore } from '../../store';
import { PracticeLabPanel } from './PracticeLabPanel';
import { ScanStatusPanel } from './ScanStatusPanel';
import { ScopeFormPanel } from './ScopeFormPanel';

export function ScopeScreen() {
  // Once a scan exists its progress matters most; before that, the lab is the way in.
  const scanFirst = useAppStore((s) => s.scan.starting || s.scan.current !== null);
  return (
    <div className="screen">
      <ScreenHead title="Scope & scan">
        Find DICOM services and imaging web interfaces on your networks and check each one. Collimator asks only
        what any DICOM client asks: it reads no patient data and changes nothing.
      </ScreenHead>
      <div className="scope-layout">
        <ScopeFormPanel />
        <div className="scope-side">
          {scanFirst ? <ScanStatusPanel /> : <PracticeLabPanel />}
          {scanFirst ? <PracticeLabPanel /> : <ScanStatusPanel />}
        </div>
      </div>
    </div>
  );
}
