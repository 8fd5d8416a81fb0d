import { reveal, stringsIn, type RevealedText } from './hiddenText';

/**
 * Prompt-injection markers, matched on the folded and squeezed forms (see hiddenText.ts), so case,
 * spacing, punctuation, zero-width characters, tag characters and look-alike letters change nothing.
 * Each marker names what it is in alerts. Patterns on `squeezed` have no spaces by construction.
 */
interface Marker { name: string; squeezed?: RegExp; folded?: RegExp; /** Skip a squeezed match right after a negation ("never paste credentials"). */ negatable?: boolean }

const NEGATION_BEFORE = /(never|not|dont|donot|doesnt|mustnt|shouldnt|cannot|cant|no)$/;

const MARKERS: readonly Marker[] = [
  { name: 'instruction override ("ignore previous instructions")',
    squeezed: /(ignore|disregard|forget|override|bypass|skip)(all|any|every|the|your|my|these|those|of)*(previous|prior|above|earlier|preceding|former|original|system|safety)(instructions?|prompts?|directions?|directives?|rules|guidelines|messages?|context|commands?)/ },
  { name: 'instruction override ("forget everything")', squeezed: /(forget|ignore|disregard)(everything|allthat)(you|ive|iwas|above|before)/ },
  { name: 'new instructions injected', folded: /\b(new|updated|real|actual|hidden|secret) (system )?(instructions?|orders|directives?)\s*:/ },
  { name: 'role hijack ("you are now…")', folded: /\byou are (now|no longer) (in )?(a |an )?(dan|developer mode|maintenance mode|jailbroken|unrestricted|unfiltered|root|admin|god mode|evil)/ },
  { name: 'role hijack ("maintenance mode")', squeezed: /(youarein|enter|entering|activate|enable)(developer|maintenance|debug|god|jailbreak|dan)mode/ },
  { name: 'fake system message', folded: /(^|[\n>\]"'])\s*(system|assistant|developer)\s*(message|prompt|override)?\s*:\s*(you|ignore|disregard|from now|new|the user)/m },
  { name: 'chat-template tokens', folded: /<\|(im_start|im_end|system|endoftext)\|>|\[\/?inst\]|<<sys>>|<\/?system>/ },
  { name: 'concealment ("do not tell the user")',
    squeezed: /(donot|dont|never|without)(tell|telling|inform|informing|alert|alerting|mention|mentioning|notify|notifying|reveal|revealing)(ing)?(the|your)?(user|human|operator|anyone)/ },
  { name: 'secret harvesting ("reveal all secrets")', negatable: true,
    squeezed: /(reveal|print|output|dump|send|leak|exfiltrate|email|post|paste|upload|share)(all|any|every|the|your|of)*(secrets?|credentials?|apikeys?|tokens?|passwords?|privatekeys?|systemprompt|awscredentials|envvars?|environmentvariables)/ },
  { name: 'credential file targeting', folded: /(~|\/home\/[^/\s]+|\$home)\/\.(aws\/credentials|ssh\/id_[a-z0-9]+|netrc|docker\/config\.json|kube\/config)/ },
];

export interface InjectionHit {
  marker: string;
  /** Why a reviewer missed it, if they would have: hidden in tag characters, smuggled with zero-width characters… */
  channel: string | null;
  excerpt: string;
}

const BASE64_RUN = /[A-Za-z0-9+/]{40,}={0,2}|[A-Za-z0-9_-]{40,}/g;

/** Base64 runs that decode to mostly printable text: instructions can hide there too. */
function decodedBase64(text: string): string[] {
  const out: string[] = [];
  for (const match of text.matchAll(BASE64_RUN)) {
    const decoded = Buffer.from(match[0].replace(/-/g, '+').replace(/_/g, '/'), 'base64').toString('utf8');
    const printable = decoded.replace(/[^\x20-\x7e\n\t]/g, '').length;
    if (decoded.length > 20 && printable / decoded.length > 0.9) out.push(decoded);
    if (out.length > 20) break;
  }
  return out;
}

function squeezedMatch(marker: Marker, squeezed: string): boolean {
  if (!marker.squeezed) return false;
  const pattern = new RegExp(marker.squeezed.source, 'g');
  for (const match of squeezed.matchAll(pattern)) {
    if (!marker.negatable || !NEGATION_BEFORE.test(squeezed.slice(Math.max(0, match.index - 12), match.index))) return true;
  }
  return false;
}

function matchMarkers(view: RevealedText): string | null {
  for (const marker of MARKERS) {
    if (squeezedMatch(marker, view.squeezed) || (marker.folded && marker.folded.test(view.folded))) return marker.name;
  }
  return null;
}

const excerptOf = (text: string) => text.replace(/\s+/g, ' ').trim().slice(0, 120);

/**
 * Injection markers in any string of a JSON value. Hidden channels are findings by themselves:
 * Unicode tag characters carrying text, and invisible characters interleaved inside words (3 or
 * more; one ZWJ in an emoji sequence is normal), and bidi overrides.
 */
export function findInjection(value: unknown): InjectionHit[] {
  const hits: InjectionHit[] = [];
  for (const text of stringsIn(value)) {
    if (text.length < 12) continue;
    const view = reveal(text);
    const channel = view.tagText ? 'hidden in Unicode tag characters' : view.interleavedInvisible >= 3 ? 'smuggled with zero-width characters' : view.bidiControls > 0 ? 'reordered with bidi controls' : null;
    const marker = matchMarkers(view);
    if (marker) hits.push({ marker, channel, excerpt: excerptOf(view.tagText || text) });
    else if (view.tagText.length >= 4) hits.push({ marker: 'invisible text in Unicode tag characters', channel: 'hidden in Unicode tag characters', excerpt: excerptOf(view.tagText) });
    else if (view.interleavedInvisible >= 3) hits.push({ marker: 'zero-width characters inside words', channel: 'smuggled with zero-width characters', excerpt: excerptOf(view.folded) });
    else if (view.bidiControls >= 2) hits.push({ marker: 'bidirectional override characters', channel: 'reordered with bidi controls', excerpt: excerptOf(text) });
    else {
      for (const decoded of decodedBase64(text)) {
        const inside = matchMarkers(reveal(decoded));
        if (inside) {
          hits.push({ marker: inside, channel: 'encoded in base64', excerpt: excerptOf(decoded) });
          break;
        }
      }
    }
    if (hits.length >= 5) break;
  }
  return hits;
}
