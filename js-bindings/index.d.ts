// Types for rtc-privacy-shim (ESM entry `rtc-privacy-shim`, classic script global `RtcPrivacyShim`).

export type ConsentState = 'unset' | 'granted' | 'denied';
export type Surface =
  | 'camera' | 'microphone' | 'screen' | 'devices'
  | 'location' | 'clipboard' | 'notifications' | 'sensors';
export type LedgerAction = 'allow' | 'deny' | 'generalize' | 'stop';

/** What an SDK's privacy policy says it collects (manifest `collects[].item`). */
export type CollectedItem =
  | 'userAgent' | 'os' | 'browser' | 'deviceBrand' | 'deviceModel' | 'screen' | 'devicePixelRatio'
  | 'hardwareConcurrency' | 'deviceMemory' | 'networkType' | 'battery' | 'gpu' | 'storageEstimate' | 'ip'
  | 'location' | 'deviceId' | 'userId' | 'logs' | 'stats' | 'crashReports';

export type GoogleConsentType =
  | 'ad_storage' | 'ad_user_data' | 'ad_personalization' | 'analytics_storage'
  | 'functionality_storage' | 'personalization_storage' | 'security_storage';

/** The policy manifest (README: "The manifest"). Unknown keys are errors. */
export interface Manifest {
  $schema?: string;
  revision: string;
  controller: { name: string; policyUrl?: string };
  purposes: Array<{
    id: string;
    label: Record<string, string>;
    description?: Record<string, string>;
    /** Default 'optional'. Under `defaults.minorAge` only required purposes can be granted (teen mode). */
    necessity?: 'required' | 'optional';
  }>;
  sdks: Array<{
    id: string;
    name: string;
    provider: string;
    policyUrl?: string;
    collects?: Array<{
      item: CollectedItem;
      necessity: 'required' | 'optional';
      purpose: string;
      treatment?: 'keep' | 'generalize' | 'hash' | 'remove';
    }>;
    /** `precision` only on `location`: `coarse` (default) reports a position to about 1 km. */
    permissions?: Array<{ surface: Surface; purpose: string; scoped?: boolean; precision?: 'coarse' | 'precise' }>;
    endpoints?: Array<{
      match: string;
      purpose: string;
      format?: 'json' | 'ndjson' | 'form' | 'query' | 'text';
      rules?: string[];
      allowedKeys?: string[];
      onMalformed?: 'scan' | 'drop';
    }>;
    storage?: Array<{ key: string; purpose: string }>;
    /** The SDK's own switches (telemetry bundle): `global[call](...args)` while `when` holds for `purpose`; a second layer only. */
    switches?: Array<{ global: string; call: string; args?: Array<string | number | boolean | null>; purpose: string; when?: 'notGranted' | 'granted' }>;
  }>;
  /** Consent told to other systems, and browser signals applied to consent. */
  bridges?: {
    /**
     * Google Consent Mode v2: consent type → the purposes that must all be granted for it to
     * read 'granted' (an empty list: always 'denied'). Pushed to window.dataLayer as gtag()
     * does: 'default' (all denied) at arm, 'update' after every consent change.
     */
    googleConsentMode?: Partial<Record<GoogleConsentType, string[]>>;
    /** Global Privacy Control on: these purposes are denied (method 'gpc') until the user chooses. */
    globalPrivacyControl?: { deny: string[] };
  };
  defaults?: {
    cookieFree?: boolean;
    unknownEndpoints?: 'pass' | 'scan' | 'drop';
    /** 1 to 21, default 14. */
    minorAge?: number;
    /** Default false. The consent dialog asks the age bracket, and grants wait for an answer. */
    askAge?: boolean;
    /** 16 to 10000, default 500. */
    ledgerSize?: number;
    webrtc?: {
      /** Default true: local addresses never reach the page (ICE candidates, SDP, stats). */
      hideLocalAddresses?: boolean;
      /** Default false: every RTCPeerConnection uses relay candidates only. */
      relayOnly?: boolean;
    };
  };
}

export interface InstallOptions {
  /** The manifest, as an object or as JSON text. Missing or invalid: the shim is closed. */
  manifest?: Manifest | string;
  /** Locale written into consent receipts; default: <html lang>, then navigator.language. */
  locale?: string;
  /** Keep consent across reloads in localStorage (default true). */
  persist?: boolean;
  /** localStorage key for consent (default 'rtc-privacy-shim:consent'). */
  storageKey?: string;
  /** 'auto': the consent dialog opens once the document is parsed while a purpose is unset. Default: only on show(). */
  dialog?: 'auto';
}

/** The dialog's and the panel's language: 'zh-*' shows zh-CN, anything else en. */
export interface ShowOptions {
  locale?: string;
}

/** The age answer (manifest `defaults.askAge`, `defaults.minorAge`). Only the bracket is kept. */
export interface AgeState {
  /** The dialog asks the age. */
  ask: boolean;
  minorAge: number;
  /** 'under': younger than minorAge; 'over': minorAge or older. */
  bracket: 'unknown' | 'under' | 'over';
  /** A guardian confirmed (under minorAge). */
  guardian: boolean;
  /** The purposes this answer keeps from being granted (teen mode). */
  locked: string[];
}

export interface Status {
  /** The wrappers are in place. */
  armed: boolean;
  /** The engine is closed (invalid manifest or failed start): every gate denies. */
  closed: boolean;
  /** Why it is closed; '' when open. */
  reason: string;
  /** Every error found, each naming its JSON path: `sdks[1].permissions[0].surface: unknown surface "camra"`. */
  errors: string[];
  revision: string;
  consentRestored: 'applied' | 'reset_revision_changed' | 'rejected' | 'none';
  /** Milliseconds from the script's (or install()'s) start to armed: every wrapper in place. */
  bootMs: number;
  /** Milliseconds the engine took to start (unpack, compile, instantiate, manifest, consent):
   *  at the first question asked of it, or once the page's scripts have run; -1 before. */
  engineMs: number;
}

export interface Receipt {
  /** Increasing per page origin; survives reloads with the stored consent. */
  id: number;
  revision: string;
  time: number;
  method: 'api' | 'dialog' | 'gpc' | 'scope' | 'storage';
  locale: string;
  /** The consent dialog's version when method is 'dialog'; '' otherwise. */
  dialogVersion: string;
  /** The purposes this change altered. */
  changed: string[];
  /** Every purpose, after the change. */
  purposes: Record<string, ConsentState>;
  /** The age answer the change was made under, once there is one. */
  age?: { bracket: 'under' | 'over'; guardian: boolean };
}

export interface LedgerEntry {
  seq: number;
  time: number;
  /** A gated surface, or the transport of a request: fetch, xhr, beacon, websocket, image; webrtc: local addresses hidden. */
  surface: Surface | 'fetch' | 'xhr' | 'beacon' | 'websocket' | 'image' | 'manifest' | 'webrtc' | 'script' | 'consent';
  /** `hold`: a held script waits for its purpose; `forget`: consent.forgetMe(). */
  action: LedgerAction | 'drop' | 'redact' | 'hold' | 'forget' | 'reset';
  purpose: string;
  sdk: string;
  reason: string;
  /** For requests: the manifest endpoint pattern (never the request's URL). */
  target: string;
  /** For requests: what redaction changed, per detector or rule, e.g. { email: 1, "rule:user.phone": 1 }. */
  counts: Record<string, number>;
}

export interface ChangeEvent {
  state: Record<string, ConsentState>;
  receipt: Receipt | null;
  changed: string[];
}

export interface Shim {
  readonly version: string;
  status(): Status;
  consent: {
    /** Throws RangeError naming an unknown purpose; nothing changes then. */
    grant(purposes: string | string[]): Record<string, ConsentState>;
    /** Withdraws consent: live tracks obtained under these purposes end at once. */
    revoke(purposes: string | string[]): Record<string, ConsentState>;
    /** Revokes every purpose of the manifest (method 'api'); live tracks end. */
    withdrawAll(): Record<string, ConsentState>;
    /**
     * Revokes every purpose, then removes what the shim stored on this device: the stored
     * consent and receipts, and IndexedDB session copies. Resolves with the state once each
     * deletion is done (a copy the page still holds open goes when its connections close).
     */
    forgetMe(): Promise<Record<string, ConsentState>>;
    /** A purpose is unset under the manifest's current revision: the user should be asked. */
    needsPrompt(): boolean;
    state(): Record<string, ConsentState>;
    purposes(): Array<{ id: string; label: Record<string, string>; description: Record<string, string> }>;
    receipt(): Receipt | null;
    receipts(): Receipt[];
    /** Opens the consent dialog; resolves with the consent state when it closes (Esc: no change). */
    show(options?: ShowOptions): Promise<Record<string, ConsentState>>;
    /**
     * Records the age bracket (and a guardian's confirmation). Under minorAge a grant needs the
     * guardian and optional purposes stay off; grants the answer no longer allows are withdrawn.
     * Returns the new state; throws a RangeError for a bracket other than 'under' or 'over'.
     */
    setAge(answer: { bracket: 'under' | 'over'; guardian?: boolean }): Record<string, ConsentState>;
    /** null when the shim is closed. */
    age(): AgeState | null;
  };
  /** The collection-list panel: the ledger as a live table, with "Export JSON". Resolves when it closes. */
  panel: {
    show(options?: ShowOptions): Promise<void>;
  };
  /** Media for `purpose` is usable while `fn` runs; tracks obtained meanwhile end when it settles. */
  scope<T>(purpose: string, fn: () => T | Promise<T>): Promise<T>;
  on(event: 'change', listener: (event: ChangeEvent) => void): () => void;
  /**
   * Loads a script once `purpose` is granted (at once if it is): resolves when it has loaded
   * and run, rejects on a load error, and at once (RangeError) for a purpose it can never get.
   */
  load(src: string | URL, purpose: string): Promise<void>;
  /**
   * Redacts `payload` with the engine's detectors and `rules` (like a manifest endpoint's,
   * e.g. "user.phone:mask", "**.ip:generalize"). Telemetry bundle only: the core bundle
   * throws. Throws a RangeError naming a bad rule or format.
   */
  redact(payload: string, options?: { format?: 'json' | 'ndjson' | 'form' | 'query' | 'text'; rules?: string[] }): {
    body: string;
    dropped: boolean;
    counts: Record<string, number>;
  };
  ledger: {
    entries(): LedgerEntry[];
    /** The whole ledger as JSON text: { capacity, total, dropped, entries }. */
    export(): string;
  };
}

export interface RtcPrivacyShimGlobal {
  install(options?: InstallOptions): Shim;
  readonly current: Shim | null;
  readonly version: string;
}

export declare function install(options?: InstallOptions): Shim;
export declare function current(): Shim | null;
export declare const version: string;
export declare const RtcPrivacyShim: RtcPrivacyShimGlobal;

declare global {
  // eslint-disable-next-line no-var
  var RtcPrivacyShim: RtcPrivacyShimGlobal;
}
