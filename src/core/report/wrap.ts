/** Word wrap for plain text (no escape sequences inside). */
export function wrapText(text: string, width: number, indent = ''): string[] {
  const max = Math.max(20, width - indent.length);
  const lines: string[] = [];
  for (const paragraph of text.split('\n')) {
    let line = '';
    for (const word of paragraph.split(/ +/)) {
      if (line === '') line = word;
      else if (line.length + 1 + word.length <= max) line += ' ' + word;
      else {
        lines.push(indent + line);
        line = word;
      }
      while (line.length > max) {
        lines.push(indent + line.slice(0, max));
        line = line.slice(max);
      }
    }
    lines.push(indent + line);
  }
  return lines;
}
