// Saving a file from the page: a Blob behind an <a download>, which works the same on a
// served page and on a replay opened from disk, with no server involved.

export function download(data: Blob | string, fileName: string, type = 'text/plain'): void {
  const blob =
    typeof data === 'string' ? new Blob([data], { type: `${type};charset=utf-8` }) : data;
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  // The download has started by now; the URL would otherwise hold the blob until unload.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

const two = (n: number): string => String(n).padStart(2, '0');

/** "echo-lab-2025-03-14-0915", in local time: what a teacher sees on the clock. */
export function baseName(date = new Date()): string {
  const day = `${date.getFullYear()}-${two(date.getMonth() + 1)}-${two(date.getDate())}`;
  return `echo-lab-${day}-${two(date.getHours())}${two(date.getMinutes())}`;
}
