/** Kept for existing imports: the download helper lives in components/download.ts (with its toast). */
export { base64ToBytes, saveBlob, saveExport, saveText } from '../../components/download';
