/**
 * MITRE ATT&CK® Enterprise techniques the catalog and the playbooks name, with MITRE's
 * own description, shipped with the app so nothing is fetched at run time.
 *
 * Source: MITRE's STIX data, github.com/mitre/cti, `enterprise-attack/attack-pattern/`,
 * at commit 0bb7544c2a468ecd31f484d8f25b3137c27d8c4c: ATT&CK v11 (Enterprise; the newest
 * `modified` of these objects is 2022-04-19, the v11 release). `description` is the first
 * paragraph of each object's `description`, with its `(Citation: …)` markers removed and
 * its Markdown links reduced to their words; `version` is the object's
 * `x_mitre_version`. Names are ATT&CK's page titles (a sub-technique carries its parent's
 * name first), as `ATTACK_TECHNIQUES` in catalog.ts has them.
 *
 * © The MITRE Corporation (see ATTACK_NOTICE in catalog.ts): reproduced with permission.
 */
import type { AttackTechniqueId } from './catalog';

export const ATTACK_DATA_VERSION = 'ATT&CK v11 (Enterprise)';

export interface AttackTechniqueInfo {
  id: AttackTechniqueId;
  /** MITRE's description (first paragraph). */
  description: string;
  /** The technique's page on attack.mitre.org (shown, never fetched). */
  url: string;
  /** The object's `x_mitre_version`. */
  version: string;
}

export const ATTACK_DESCRIPTIONS: Readonly<Record<AttackTechniqueId, AttackTechniqueInfo>> = {
  T1190: {
    id: 'T1190',
    description:
      'Adversaries may attempt to take advantage of a weakness in an Internet-facing computer or program using software, data, or commands in order to cause unintended or unanticipated behavior. The weakness in the system can be a bug, a glitch, or a design vulnerability. These applications are often websites, but can include databases (like SQL), standard services (like SMB or SSH), network device administration and management protocols (like SNMP and Smart Install), and any other applications with Internet accessible open sockets, such as web servers and related services. Depending on the flaw being exploited this may include Exploitation for Defense Evasion.',
    url: 'https://attack.mitre.org/techniques/T1190',
    version: '2.3',
  },
  T1133: {
    id: 'T1133',
    description:
      'Adversaries may leverage external-facing remote services to initially access and/or persist within a network. Remote services such as VPNs, Citrix, and other access mechanisms allow users to connect to internal enterprise network resources from external locations. There are often remote service gateways that manage connections and credential authentication for these services. Services such as Windows Remote Management and VNC can also be used externally.',
    url: 'https://attack.mitre.org/techniques/T1133',
    version: '2.3',
  },
  T1213: {
    id: 'T1213',
    description:
      'Adversaries may leverage information repositories to mine valuable information. Information repositories are tools that allow for storage of information, typically to facilitate collaboration or information sharing between users, and can store a wide variety of data that may aid adversaries in further objectives, or direct access to the target information. Adversaries may also abuse external sharing features to share sensitive documents with recipients outside of the organization.',
    url: 'https://attack.mitre.org/techniques/T1213',
    version: '3.2',
  },
  'T1565.001': {
    id: 'T1565.001',
    description:
      'Adversaries may insert, delete, or manipulate data at rest in order to influence external outcomes or hide activity, thus threatening the integrity of the data. By manipulating stored data, adversaries may attempt to affect a business process, organizational understanding, and decision making.',
    url: 'https://attack.mitre.org/techniques/T1565/001',
    version: '1.1',
  },
  T1040: {
    id: 'T1040',
    description:
      'Adversaries may sniff network traffic to capture information about an environment, including authentication material passed over the network. Network sniffing refers to using the network interface on a system to monitor or capture information sent over a wired or wireless connection. An adversary may place a network interface into promiscuous mode to passively access data in transit over the network, or use span ports to capture a larger amount of data.',
    url: 'https://attack.mitre.org/techniques/T1040',
    version: '1.3',
  },
  T1557: {
    id: 'T1557',
    description:
      'Adversaries may attempt to position themselves between two or more networked devices using an adversary-in-the-middle (AiTM) technique to support follow-on behaviors such as Network Sniffing or Transmitted Data Manipulation. By abusing features of common networking protocols that can determine the flow of network traffic (e.g. ARP, DNS, LLMNR, etc.), adversaries may force a device to communicate through an adversary controlled system so they can collect information or perform additional actions.',
    url: 'https://attack.mitre.org/techniques/T1557',
    version: '2.1',
  },
  'T1078.001': {
    id: 'T1078.001',
    description:
      'Adversaries may obtain and abuse credentials of a default account as a means of gaining Initial Access, Persistence, Privilege Escalation, or Defense Evasion. Default accounts are those that are built-into an OS, such as the Guest or Administrator accounts on Windows systems. Default accounts also include default factory/provider set accounts on other types of systems, software, or devices, including the root user account in AWS and the default service account in Kubernetes.',
    url: 'https://attack.mitre.org/techniques/T1078/001',
    version: '1.2',
  },
  T1110: {
    id: 'T1110',
    description:
      'Adversaries may use brute force techniques to gain access to accounts when passwords are unknown or when password hashes are obtained. Without knowledge of the password for an account or set of accounts, an adversary may systematically guess the password using a repetitive or iterative mechanism. Brute forcing passwords can take place via interaction with a service that will check the validity of those credentials or offline against previously acquired credential data, such as password hashes.',
    url: 'https://attack.mitre.org/techniques/T1110',
    version: '2.4',
  },
  T1210: {
    id: 'T1210',
    description:
      'Adversaries may exploit remote services to gain unauthorized access to internal systems once inside of a network. Exploitation of a software vulnerability occurs when an adversary takes advantage of a programming error in a program, service, or within the operating system software or kernel itself to execute adversary-controlled code. A common goal for post-compromise exploitation of remote services is for lateral movement to enable access to a remote system.',
    url: 'https://attack.mitre.org/techniques/T1210',
    version: '1.1',
  },
  T1021: {
    id: 'T1021',
    description:
      'Adversaries may use Valid Accounts to log into a service specifically designed to accept remote connections, such as telnet, SSH, and VNC. The adversary may then perform actions as the logged-on user.',
    url: 'https://attack.mitre.org/techniques/T1021',
    version: '1.2',
  },
};
