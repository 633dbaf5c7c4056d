/** Saves a URL (a data: or blob: URL) as a file, as a download link would. */
export function downloadUrl(doc: Document, url: string, filename: string): void {
  const link = doc.createElement('a');
  link.href = url;
  link.download = filename;
  link.hidden = true;
  doc.body.append(link);
  link.click();
  link.remove();
}

/** Saves text as a file without a round trip to the server. */
export function downloadText(doc: Document, text: string, type: string, filename: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  downloadUrl(doc, url, filename);
  // Some browsers read the blob after the click returns; the URL is freed once it surely has been.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
