/**
 * nmap's XML (-oX): per <host> its address, and per <port> the state with its reason,
 * the service's name/product/version/tunnel="ssl", and what the dicom-ping script
 * said (elem `dicom` and `config`: "Any AET is accepted (Insecure)" / "Called AET check
 * enabled") and how many "Valid credentials" dicom-brute found. One host at a time.
 */
import { addressOf, isDicomName, isWebName, portOf, timeOf, tokenOf, transportOf } from './facts';
import type { DicomSaid, ImportProblem, Observation, ObservationKind } from './types';
import type { XmlEvent } from './xml';

export type NmapItem = { kind: 'host'; at: string; observations: Observation[]; problems: ImportProblem[] } | { kind: 'not-nmap' };

interface PortDraft {
  portid: string | undefined;
  protocol: string | undefined;
  state?: string;
  reason?: string;
  service?: Record<string, string>;
  dicom: DicomSaid;
  scripts: boolean;
}

function count(text: string, word: RegExp): number {
  return (text.match(word) ?? []).length;
}

function finishPort(p: PortDraft, host: string, observedAt: string): Observation | string {
  const port = portOf(p.portid);
  if (port === undefined) return `port "${tokenOf(p.portid, 12) ?? ''}" is not a port number`;
  const transport = transportOf(p.protocol);
  if (!transport) return `port ${port}: protocol is neither tcp nor udp`;
  const st = p.state ?? '';
  const state: Observation['state'] | undefined = st === 'open' ? 'open' : st === 'closed' ? 'closed' : st.startsWith('filtered') || st === 'open|filtered' || st === 'closed|filtered' ? 'filtered' : undefined;
  if (!state) return `port ${port}: no state`;
  const svc = p.service ?? {};
  const name = tokenOf(svc.name, 40);
  const tls = svc.tunnel === 'ssl' || name === 'https' || name === 'ssl' || (name?.startsWith('ssl/') ?? false);
  const dicomSaid = p.dicom;
  const saidDicom = Object.keys(dicomSaid).length > 0;
  let kind: ObservationKind = 'other';
  if (isDicomName(name) || saidDicom) kind = tls ? 'dicom-tls' : 'dicom';
  else if (isWebName(name)) kind = 'web';
  const said: Observation['said'] = { nmap: { state: st, ...(p.reason ? { reason: tokenOf(p.reason, 40) ?? '' } : {}) } };
  if (name) said.service = name;
  if (saidDicom) said.dicom = dicomSaid;
  return { host, port, transport, state, kind, product: tokenOf(svc.product), version: tokenOf(svc.version, 40), tls, said, observedAt, source: 'nmap' };
}

/** Turns the XML events of an nmap run into one item per <host>. */
export async function* nmapHosts(events: AsyncIterable<XmlEvent>): AsyncGenerator<NmapItem> {
  let first = true;
  let runStart: unknown;
  let hostIndex = 0;
  let inHost = false;
  let addr: string | undefined;
  let rawAddr: string | undefined;
  let hostTime: unknown;
  let ports: PortDraft[] = [];
  let port: PortDraft | undefined;
  let script: { id: string } | undefined;
  let elemKey: string | undefined;
  let text = '';

  for await (const ev of events) {
    if (first) {
      first = false;
      if (ev.type !== 'open' || ev.name !== 'nmaprun') {
        yield { kind: 'not-nmap' };
        return;
      }
      runStart = ev.attrs.start !== undefined ? Number(ev.attrs.start) : undefined;
      continue;
    }
    if (ev.type === 'text') {
      if (elemKey !== undefined && text.length < 4096) text += ev.text;
      continue;
    }
    if (ev.type === 'open') {
      switch (ev.name) {
        case 'host':
          inHost = true;
          hostIndex++;
          addr = undefined;
          rawAddr = undefined;
          ports = [];
          hostTime = ev.attrs.endtime ?? ev.attrs.starttime;
          break;
        case 'address':
          if (inHost && (ev.attrs.addrtype === 'ipv4' || ev.attrs.addrtype === 'ipv6' || ev.attrs.addrtype === undefined) && addr === undefined) {
            rawAddr = ev.attrs.addr;
            addr = addressOf(ev.attrs.addr);
          }
          break;
        case 'port':
          if (inHost) port = { portid: ev.attrs.portid, protocol: ev.attrs.protocol, dicom: {}, scripts: false };
          break;
        case 'state':
          if (port) {
            port.state = ev.attrs.state;
            port.reason = ev.attrs.reason;
          }
          break;
        case 'service':
          if (port) port.service = ev.attrs;
          break;
        case 'script':
          if (port) {
            script = { id: ev.attrs.id ?? '' };
            const output = ev.attrs.output ?? '';
            if (script.id === 'dicom-brute') {
              const n = count(output, /Valid credentials/g);
              if (n > 0) port.dicom.validCredentials = n;
            }
            if (script.id === 'dicom-ping') readPing(port.dicom, output);
            if (ev.selfClosing) script = undefined;
          }
          break;
        case 'elem':
          if (script) {
            elemKey = ev.attrs.key ?? '';
            text = '';
            if (ev.selfClosing) elemKey = undefined;
          }
          break;
        default:
          break;
      }
      if (ev.name === 'port' && ev.selfClosing) port = undefined;
      continue;
    }
    // close
    switch (ev.name) {
      case 'elem':
        if (script && port && elemKey !== undefined) {
          if (script.id === 'dicom-ping' && (elemKey === 'dicom' || elemKey === 'config')) readPing(port.dicom, text);
          elemKey = undefined;
        }
        break;
      case 'script':
        script = undefined;
        break;
      case 'port':
        if (port) ports.push(port);
        port = undefined;
        break;
      case 'host': {
        inHost = false;
        const at = `host ${addr ?? tokenOf(rawAddr, 64) ?? `#${hostIndex}`}`;
        const item: NmapItem = { kind: 'host', at, observations: [], problems: [] };
        const observedAt = timeOf(hostTime !== undefined ? Number(hostTime) : runStart);
        if (!addr) item.problems.push({ at, reason: rawAddr === undefined ? 'no IPv4 or IPv6 address' : 'the address is not an IPv4 or IPv6 address' });
        else if (!observedAt) item.problems.push({ at, reason: 'no scan time (host starttime/endtime, nmaprun start)' });
        else {
          for (const p of ports) {
            const o = finishPort(p, addr, observedAt);
            if (typeof o === 'string') item.problems.push({ at, reason: o });
            else item.observations.push(o);
          }
        }
        yield item;
        break;
      }
      default:
        break;
    }
  }
}

function readPing(d: DicomSaid, text: string): void {
  if (/Any AET is accepted/i.test(text)) {
    d.anyAeAccepted = true;
    d.accepted = true;
  }
  if (/Called AET check enabled/i.test(text)) {
    d.calledAeCheck = true;
    d.accepted = false;
  }
  if (/DICOM Service Provider discovered/i.test(text)) d.discovered = true;
}
