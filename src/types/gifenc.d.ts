// gifenc ships no types; the calls qmkit makes are typed here.
declare module 'gifenc' {
  interface FrameOptions {
    palette?: readonly (readonly number[])[];
    delay?: number;
    repeat?: number;
    colorDepth?: number;
    first?: boolean;
    dispose?: number;
  }
  interface Encoder {
    writeFrame(index: Uint8Array, width: number, height: number, options?: FrameOptions): void;
    finish(): void;
    bytes(): Uint8Array;
  }
  export function GIFEncoder(options?: { auto?: boolean; initialCapacity?: number }): Encoder;
}
