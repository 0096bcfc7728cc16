#!/usr/bin/env node
// The `desk` command: runs main/cli.ts through tsx, so support staff use the same
// TypeScript modules the app and its tests use.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../main/cli.ts');
process.exitCode = await main(process.argv.slice(2));
