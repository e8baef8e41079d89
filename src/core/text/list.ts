/** Names in running text: 'a'; 'a' and 'b'; 'a', 'b' and 'c'. */
export function quotedList(names: readonly string[]): string {
  const q = names.map((n) => `'${n}'`);
  return q.length <= 1 ? q.join('') : `${q.slice(0, -1).join(', ')} and ${q[q.length - 1]}`;
}
