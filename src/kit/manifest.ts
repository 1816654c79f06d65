/** One file of the kit, as listed in output/manifest.json (a public contract: keep it stable). */
export interface ManifestAsset {
  readonly edition: string;
  readonly year: number;
  readonly kind: string;
  readonly profile: string;
  readonly width: number;
  readonly height: number;
  /** Relative to the output folder, always with forward slashes. */
  readonly path: string;
  readonly sha256: string;
  /** The text shown on the image, exactly as in the data. */
  readonly text: string;
  /** The QR code's target, or null for images without one. */
  readonly url: string | null;
}

export interface ManifestPack {
  readonly edition: string;
  readonly year: number;
  readonly audience: string;
  readonly path: string;
  readonly sha256: string;
  readonly files: readonly string[];
}

export interface Manifest {
  readonly version: 1;
  readonly baseUrl: string;
  readonly preview: boolean;
  readonly assets: readonly ManifestAsset[];
  readonly packs: readonly ManifestPack[];
  readonly contactSheets: readonly { readonly edition: string; readonly year: number; readonly path: string; readonly sha256: string }[];
}
