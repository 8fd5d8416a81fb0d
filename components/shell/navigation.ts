export interface NavItem {
  href: string;
  label: string;
  adminOnly?: boolean;
}

export const NAV_ITEMS: NavItem[] = [
  { href: '/executions', label: 'Executions' },
  { href: '/cases', label: 'Cases' },
  { href: '/anomalies', label: 'Anomalies' },
  { href: '/prompts', label: 'Prompts' },
  { href: '/registry', label: 'Registry' },
  { href: '/suites', label: 'Suites' },
  { href: '/ledger', label: 'Ledger' },
  { href: '/admin', label: 'Admin', adminOnly: true },
];
