'use client';

import { useState } from 'react';

/** Copies the page's address: diff URLs are permalinks (version numbers, not moving labels). */
export function CopyLinkButton() {
  const [copied, setCopied] = useState(false);
  return (
    <button type="button" data-testid="copy-permalink" className="rounded-md border border-slate-300 px-3 py-1.5 text-sm hover:bg-slate-50"
      onClick={async () => {
        await navigator.clipboard?.writeText(window.location.href).catch(() => {});
        setCopied(true);
      }}>
      {copied ? 'Link copied' : 'Copy permalink'}
    </button>
  );
}
