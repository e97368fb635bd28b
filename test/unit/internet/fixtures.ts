/**
 * Realistic export files of each internet scanner, generated (never real internet
 * data): a few hundred hosts in the documentation ranges 203.0.113.0/24,
 * 198.51.100.0/24 and 2001:db8::/32 (data only: nothing here is ever dialled), with
 * DICOM, DICOM TLS, web and other services, old and new observations.
 */
import type { ObservationKind } from '../../../electron/internet/types';

export interface FixtureService {
  port: number;
  kind: ObservationKind;
  tls: boolean;
  product: string | null;
  version: string | null;
  observedAt: string;
  /** DICOM: accepted any AE, or rejected calling AE. */
  dicom?: 'accepts' | 'rejects';
}
export interface FixtureHost {
  host: string;
  services: FixtureService[];
}

export const OLD = '2025-01-10T08:00:00.000Z';
export const NEW = '2026-11-20T09:30:00.000Z';
/** Free text a banner may carry: it must never be stored. */
export const BANNER_SECRET = 'PATIENT^JANE banner text that must not be kept';

export function makeHosts(n: number): FixtureHost[] {
  const hosts: FixtureHost[] = [];
  for (let i = 0; i < n; i++) {
    const host = i % 3 === 2 ? `2001:db8::${(i + 1).toString(16)}` : i % 3 === 0 ? `203.0.113.${(i % 250) + 1}` : `198.51.100.${(i % 250) + 1}`;
    const observedAt = i % 4 === 0 ? OLD : NEW;
    const services: FixtureService[] = [];
    if (i % 2 === 0) services.push({ port: 104, kind: 'dicom', tls: false, product: 'Orthanc', version: '1.12.3', observedAt, dicom: i % 4 === 0 ? 'accepts' : 'rejects' });
    if (i % 5 === 0) services.push({ port: 2762, kind: 'dicom-tls', tls: true, product: 'DCMTK', version: '3.6.7', observedAt, dicom: 'accepts' });
    if (i % 3 === 0) services.push({ port: 443, kind: 'web', tls: true, product: 'nginx', version: '1.24.0', observedAt });
    if (i % 7 === 0) services.push({ port: 22, kind: 'other', tls: false, product: 'OpenSSH', version: '9.6', observedAt });
    if (services.length === 0) services.push({ port: 8042, kind: 'web', tls: false, product: null, version: null, observedAt });
    hosts.push({ host, services });
  }
  // Unique addresses: the IPv4 ones wrap at 250.
  const seen = new Set<string>();
  return hosts.filter((h) => (seen.has(h.host) ? false : (seen.add(h.host), true)));
}

/** Every service as the parsers should report it. */
export function expected(hosts: readonly FixtureHost[], source: 'censys' | 'shodan' | 'nmap'): Array<Record<string, unknown>> {
  return hosts.flatMap((h) =>
    h.services.map((s) => ({
      host: h.host,
      port: s.port,
      transport: 'tcp',
      state: 'open',
      kind: s.kind,
      product: s.product,
      version: source === 'censys' && s.product === null ? null : s.version,
      tls: s.tls,
      observedAt: source === 'nmap' ? new Date(Math.floor(Date.parse(s.observedAt) / 1000) * 1000).toISOString() : s.observedAt,
      source,
    })),
  );
}

function censysService(s: FixtureService, platform: boolean): Record<string, unknown> {
  const name = s.kind === 'dicom' || s.kind === 'dicom-tls' ? 'DICOM' : s.kind === 'web' ? 'HTTP' : 'SSH';
  const base: Record<string, unknown> = platform
    ? { port: s.port, protocol: name, transport_protocol: 'TCP', scan_time: s.observedAt }
    : { port: s.port, service_name: name, extended_service_name: s.kind === 'web' && s.tls ? 'HTTPS' : name, transport_protocol: 'TCP', observed_at: s.observedAt };
  if (s.product) base.software = [{ vendor: 'x', product: s.product, version: s.version, cpe: `cpe:2.3:a:x:${s.product.toLowerCase()}:${s.version}` }];
  if (s.tls) base.tls = { version_selected: 'TLSv1_2', cipher_selected: 'TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256' };
  if (s.kind === 'web') base.http = { response: { status_code: 200, body: BANNER_SECRET } };
  base.banner = BANNER_SECRET;
  if (platform && s.dicom === 'accepts') base.dicom = { pdu_type_name: 'A-ASSOCIATE-AC', associate_ac: { implementation_class_uid: '1.2.276.0.7230010.3.0.3.6.7', implementation_version_name: 'OFFIS_DCMTK_367' } };
  if (platform && s.dicom === 'rejects')
    base.dicom = { pdu_type_name: 'A-ASSOCIATE-RJ', associate_rj: { result_name: 'REJECTED_PERMANENT', source_name: 'SERVICE_USER', reason_name: 'CALLING_AE_TITLE_NOT_RECOGNIZED' } };
  return base;
}

/** Censys Platform API host documents, JSON Lines (wrapped as the API answers every other line). */
export function censysPlatformJsonl(hosts: readonly FixtureHost[]): string {
  return hosts
    .map((h, i) => {
      const doc = { ip: h.host, services: h.services.map((s) => censysService(s, true)), location: { country: 'X' } };
      return JSON.stringify(i % 2 === 0 ? doc : { result: { resource: doc } });
    })
    .join('\n') + '\n';
}

/** Censys Search 2.0 host documents, one JSON array, pretty-printed (elements span lines). */
export function censysSearch2Array(hosts: readonly FixtureHost[]): string {
  return JSON.stringify(
    hosts.map((h) => ({ ip: h.host, last_updated_at: NEW, services: h.services.map((s) => censysService(s, false)) })),
    null,
    2,
  );
}

/** `shodan download` banners, one per line. */
export function shodanJsonl(hosts: readonly FixtureHost[]): string {
  const lines: string[] = [];
  for (const h of hosts) {
    for (const s of h.services) {
      const module = s.kind === 'dicom' || s.kind === 'dicom-tls' ? 'dicom' : s.kind === 'web' ? (s.tls ? 'https' : 'http') : 'ssh';
      const b: Record<string, unknown> = {
        ...(h.host.includes(':') ? { ipv6: h.host } : { ip_str: h.host, ip: 0 }),
        port: s.port,
        transport: 'tcp',
        timestamp: s.observedAt.replace('Z', '').replace(/\.(\d{3})$/, '.$1456'),
        data: BANNER_SECRET,
        hostnames: ['pacs.example.org'],
        org: 'Example Hospital',
        tags: ['medical'],
        _shodan: { module, id: 'x', crawler: 'y' },
      };
      if (s.product) b.product = s.product;
      if (s.version) b.version = s.version;
      if (s.tls) b.ssl = { versions: ['TLSv1.2'], cert: { subject: { CN: 'pacs' } } };
      if (s.kind === 'web') b.http = { status: 200, title: BANNER_SECRET, html: BANNER_SECRET };
      lines.push(JSON.stringify(b));
    }
  }
  return lines.join('\n') + '\n';
}

function xmlAttr(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;').replace(/\n/g, '&#xa;');
}

/** nmap -oX, as nmap writes it (its bare DOCTYPE included). */
export function nmapXml(hosts: readonly FixtureHost[], closed: ReadonlyArray<{ host: string; port: number; state: 'closed' | 'filtered' }> = []): string {
  const out = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<!DOCTYPE nmaprun>',
    '<?xml-stylesheet href="file:///usr/bin/../share/nmap/nmap.xsl" type="text/xsl"?>',
    '<!-- Nmap 7.94 scan initiated as: nmap -sV -&#45;script dicom-ping -oX - -->',
    `<nmaprun scanner="nmap" args="nmap -sV --script dicom-ping,dicom-brute -oX -" start="${Math.floor(Date.parse(OLD) / 1000)}" version="7.94" xmloutputversion="1.05">`,
    '<scaninfo type="connect" protocol="tcp" numservices="5" services="22,104,443,2762,8042"/>',
  ];
  for (const h of hosts) {
    const t = Math.floor(Date.parse(h.services[0]!.observedAt) / 1000);
    out.push(`<host starttime="${t - 5}" endtime="${t}"><status state="up" reason="syn-ack" reason_ttl="0"/>`);
    out.push(`<address addr="${h.host}" addrtype="${h.host.includes(':') ? 'ipv6' : 'ipv4'}"/>`);
    out.push('<hostnames><hostname name="pacs.example.org" type="PTR"/></hostnames><ports>');
    out.push('<extraports state="closed" count="995"><extrareasons reason="conn-refused" count="995"/></extraports>');
    for (const s of h.services) {
      const name = s.kind === 'dicom' || s.kind === 'dicom-tls' ? 'dicom' : s.kind === 'web' ? (s.tls ? 'https' : 'http') : 'ssh';
      const attrs = [`name="${name}"`, s.product ? `product="${s.product}"` : '', s.version ? `version="${s.version}"` : '', s.tls && s.kind !== 'web' ? 'tunnel="ssl"' : '', 'method="probed" conf="10"'].filter(Boolean).join(' ');
      out.push(`<port protocol="tcp" portid="${s.port}"><state state="open" reason="syn-ack" reason_ttl="0"/><service ${attrs}/>`);
      if (s.dicom === 'accepts') {
        out.push(`<script id="dicom-ping" output="${xmlAttr('\n  dicom: DICOM Service Provider discovered!\n  config: Any AET is accepted (Insecure)\n')}"><elem key="dicom">DICOM Service Provider discovered!</elem>\n<elem key="config">Any AET is accepted (Insecure)</elem>\n</script>`);
        out.push(`<script id="dicom-brute" output="${xmlAttr('\n  Accounts: \n    ORTHANC:<empty> - Valid credentials\n    ANY-SCP:<empty> - Valid credentials\n')}"></script>`);
      }
      if (s.dicom === 'rejects') out.push(`<script id="dicom-ping" output="x"><elem key="dicom">DICOM Service Provider discovered!</elem><elem key="config">Called AET check enabled</elem></script>`);
      out.push('</port>');
    }
    for (const c of closed.filter((x) => x.host === h.host)) {
      out.push(`<port protocol="tcp" portid="${c.port}"><state state="${c.state}" reason="${c.state === 'closed' ? 'conn-refused' : 'no-response'}" reason_ttl="0"/><service name="dicom" method="table" conf="3"/></port>`);
    }
    out.push('</ports><times srtt="100" rttvar="50" to="100000"/></host>');
  }
  out.push(`<runstats><finished time="${Math.floor(Date.parse(NEW) / 1000)}" elapsed="12.3" exit="success"/><hosts up="${hosts.length}" down="0" total="${hosts.length}"/></runstats>`);
  out.push('</nmaprun>');
  return out.join('\n') + '\n';
}

/** The classic "billion laughs" entity expansion bomb. */
export const XML_BOMB = `<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol9 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
]>
<nmaprun start="1700000000"><host><address addr="203.0.113.5" addrtype="ipv4"/><ports><port protocol="tcp" portid="104"><state state="open" reason="&lol9;"/></port></ports></host></nmaprun>
`;
