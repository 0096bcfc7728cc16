// Types of scripts/cliBuild.mjs, a plain-Node module (scripts/build.mjs runs without tsx) that the
// benchmark imports from TypeScript.
export declare const MAIN_EXTERNAL: string[];
export declare function buildCli(root: string, outdir: string): Promise<void>;
