// electron-builder's Windows signing hook (electron-builder.yml: win.signtoolOptions.sign).
// electron-builder calls it once per file to sign (the app's .exe, helper .exe/.dll, the NSIS
// installer and uninstaller), with `configuration.path` the file and `configuration.cscInfo`
// the certificate it resolved from CSC_LINK / CSC_KEY_PASSWORD, if any.
//
// Two ways to sign, chosen from the environment:
//   1. A certificate on a token or HSM, seen by Windows through its CSP/KSP (SafeNet, a cloud
//      HSM's KSP, ...): DESK_SIGN_CERT_SHA1=<thumbprint>. signtool picks it from the
//      certificate store with /sha1 and the token's driver does the signing.
//   2. A .pfx file: CSC_LINK (path, https URL or base64) and CSC_KEY_PASSWORD, electron-builder's
//      standard variables. signtool signs with /f and /p.
// Either way: RFC 3161 timestamp from DESK_SIGN_TIMESTAMP_URL (default DigiCert's), SHA-256
// file and timestamp digests, then `signtool verify /pa` on the result.
// Not configured: nothing is signed and it says so once (local builds stay unsigned), unless
// DESK_SIGN_REQUIRED=1 (the release workflow), where an unsigned build is an error.
'use strict';
const { execFileSync } = require('node:child_process');
const { existsSync, readdirSync } = require('node:fs');
const path = require('node:path');

const DEFAULT_TIMESTAMP_URL = 'http://timestamp.digicert.com';
let toldUnsigned = false;

/** signtool.exe: DESK_SIGNTOOL, else the newest x64 one in the Windows SDK, else from PATH. */
function findSigntool(env = process.env) {
  if (env.DESK_SIGNTOOL) return env.DESK_SIGNTOOL;
  const kits = path.join(env['ProgramFiles(x86)'] || 'C:\\Program Files (x86)', 'Windows Kits', '10', 'bin');
  if (existsSync(kits)) {
    const versions = readdirSync(kits)
      .filter((v) => /^10\./.test(v) && existsSync(path.join(kits, v, 'x64', 'signtool.exe')))
      .sort((a, b) => a.localeCompare(b, undefined, { numeric: true }));
    if (versions.length > 0) return path.join(kits, versions[versions.length - 1], 'x64', 'signtool.exe');
  }
  return 'signtool.exe';
}

/** Which certificate, from the environment and what electron-builder resolved; null when none. */
function signingIdentity(configuration, env = process.env) {
  const thumbprint = (env.DESK_SIGN_CERT_SHA1 || '').replace(/\s+/g, '').toUpperCase();
  if (thumbprint) {
    if (!/^[0-9A-F]{40}$/.test(thumbprint)) throw new Error("DESK_SIGN_CERT_SHA1 must be the certificate's SHA-1 thumbprint: 40 hex digits.");
    return { kind: 'store', args: ['/sha1', thumbprint], describe: `certificate ${thumbprint} from the Windows certificate store (token)` };
  }
  const file = configuration && configuration.cscInfo && configuration.cscInfo.file;
  if (file) {
    const args = ['/f', file];
    if (configuration.cscInfo.password) args.push('/p', configuration.cscInfo.password);
    return { kind: 'file', args, describe: `certificate file ${path.basename(file)}` };
  }
  return null;
}

/** The signtool command lines for one file, passwords included (never log them as is). */
function signtoolCommands(configuration, identity, env = process.env) {
  const file = configuration.path;
  const timestamp = env.DESK_SIGN_TIMESTAMP_URL || DEFAULT_TIMESTAMP_URL;
  const sign = ['sign', ...identity.args, '/fd', 'sha256', '/tr', timestamp, '/td', 'sha256'];
  if (configuration.name) sign.push('/d', configuration.name);
  if (configuration.site) sign.push('/du', configuration.site);
  sign.push(file);
  return [sign, ['verify', '/pa', '/q', file]];
}

function redact(args) {
  return args.map((a, i) => (args[i - 1] === '/p' ? '***' : a));
}

/** The hook electron-builder calls. */
async function sign(configuration, _packager, env = process.env, run = execFileSync) {
  const identity = signingIdentity(configuration, env);
  if (!identity) {
    if (env.DESK_SIGN_REQUIRED === '1') {
      throw new Error(
        'DESK_SIGN_REQUIRED=1 but no signing certificate is configured: set DESK_SIGN_CERT_SHA1 (token) or CSC_LINK and CSC_KEY_PASSWORD (.pfx).',
      );
    }
    if (!toldUnsigned) {
      console.log('  • build/sign.cjs: no signing certificate configured (DESK_SIGN_CERT_SHA1 or CSC_LINK): Windows files are left unsigned');
      toldUnsigned = true;
    }
    return false;
  }
  const signtool = findSigntool(env);
  for (const args of signtoolCommands(configuration, identity, env)) {
    console.log(`  • build/sign.cjs: ${identity.describe}: ${path.basename(signtool)} ${redact(args).join(' ')}`);
    run(signtool, args, { stdio: 'inherit' });
  }
  return true;
}

module.exports = sign;
module.exports.default = sign;
module.exports.sign = sign;
module.exports.signingIdentity = signingIdentity;
module.exports.signtoolCommands = signtoolCommands;
module.exports.findSigntool = findSigntool;
