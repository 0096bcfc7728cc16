// Main-side logging. Structured fields only, so nobody is tempted to interpolate
// a citizen's name or an officer's PIN into a message string.
type Fields = Record<string, string | number | boolean>;

function write(level: string, message: string, fields?: Fields): void {
  process.stderr.write(`${JSON.stringify({ t: new Date().toISOString(), level, message, ...fields })}\n`);
}

export const log = {
  info: (message: string, fields?: Fields) => write('info', message, fields),
  error: (message: string, fields?: Fields) => write('error', message, fields),
};
