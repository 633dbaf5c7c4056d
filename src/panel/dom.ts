/** Elements whose data is always set as text: values from AWS or Livy are never parsed as HTML. */
export function el<K extends keyof HTMLElementTagNameMap>(tag: K, className?: string, text?: string, children: (Node | null)[] = []): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (className) {
    node.className = className;
  }
  if (text !== undefined) {
    node.textContent = text;
  }
  for (const child of children) {
    if (child) {
      node.appendChild(child);
    }
  }
  return node;
}

/** A link for a URL the kernel reported; anything but http(s) stays plain text. */
export function link(className: string, text: string, url: string | undefined): HTMLElement | null {
  if (!url) {
    return null;
  }
  if (!/^https?:\/\//i.test(url)) {
    return el('span', className, text);
  }
  const anchor = el('a', className, text);
  anchor.href = url;
  anchor.target = '_blank';
  anchor.rel = 'noopener noreferrer';
  return anchor;
}
