/** The ports a scan tries when the user gives none: the CLI's default, and the app form's. Pure. */

/**
 * DICOM (104, 11112, 4242 Orthanc), DICOM TLS (2761 ISCL, 2762 DICOM TLS), and the web
 * ports of PACS front ends and viewers.
 */
export const DEFAULT_PORTS: readonly number[] = [104, 11112, 4242, 2761, 2762, 80, 443, 8042, 8080, 8443];
