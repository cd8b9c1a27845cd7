import type { Element } from 'hast';

/** Whether an element carries a class; hast keeps `class` as the `className` list. */
export function hasClass(node: Element, name: string): boolean {
  const classes = node.properties.className;
  return Array.isArray(classes) && classes.includes(name);
}
