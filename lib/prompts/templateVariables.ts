/** `{{name}}` placeholders (spaces inside the braces allowed), the syntax the MCP demo and recorder use. */
const PLACEHOLDER = /\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g;
export const VARIABLE_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Variable names in order of first use. */
export function templateVariables(template: string): string[] {
  return [...new Set([...template.matchAll(PLACEHOLDER)].map((match) => match[1]!))];
}

/** Fills placeholders; a missing argument stays visible as its placeholder, so a diff shows it. */
export function renderTemplate(template: string, args: Record<string, unknown>): string {
  return template.replace(PLACEHOLDER, (whole, name: string) => {
    const value = args[name];
    if (value === undefined || value === null) return whole;
    return typeof value === 'string' ? value : JSON.stringify(value);
  });
}
