// The page pipeline: raw page bytes in, compact PDFs out. Pure functions over bytes, no UI.
export * from './analyse.ts';
export * from './compress.ts';
export * from './pdf.ts';
export * from './process.ts';
export * from './importFile.ts';
