// `desk forms list [--version ID]`: the forms of the template version in force today (or of the
// one named), with their numbers, names in Vietnamese and English, the version and the date it
// took effect. `desk forms render NN --sample --out FILE.pdf [--version ID]`: prints form NN
// with the built-in sample data, so support staff can check a printer's layout.
// Exit 0 done, 2 unusable invocation.

import { writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { DeskError } from '#domain/errors.ts';
import { showInvisible } from '#domain/text/citizenText.ts';
import { renderForm } from '../pdf/forms.ts';
import { sampleRequest } from '../pdf/samples.ts';
import { formTemplateInForce, getFormTemplate, type FormTemplate } from '../pdf/templates.ts';
import { reportBadInput } from './holidays.ts';
import type { CliCommand, CliIo } from './io.ts';

const USAGE = 'Cách dùng / Usage: desk forms list [--version ID] | desk forms render NN --sample --out FILE.pdf [--version ID]';

const usage = () => new DeskError('cli.usage', { vi: USAGE, en: USAGE });

const templateFor = (version: string | undefined): FormTemplate =>
  version === undefined ? formTemplateInForce(new Date().toISOString()) : getFormTemplate(version);

function list(template: FormTemplate, io: CliIo) {
  for (const form of template.forms) {
    io.out(`${form.number}\t${form.name.vi} — ${form.name.en}\t${template.id}\t${template.effectiveFrom}`);
  }
}

async function render(template: FormTemplate, number: string, out: string, io: CliIo) {
  const form = template.forms.find((f) => f.number === number);
  if (!form) {
    const known = template.forms.map((f) => f.number).join(', ');
    const shown = showInvisible(number);
    throw new DeskError('cli.unknown-form', {
      vi: `Không có mẫu số "${shown}" trong phiên bản ${template.id} (có: ${known}).`,
      en: `No form number "${shown}" in version ${template.id} (known: ${known}).`,
    });
  }
  const pdf = await renderForm(sampleRequest(form.kind, template.id));
  try {
    await writeFile(out, pdf);
  } catch (e) {
    const [where, why] = [showInvisible(out), (e as NodeJS.ErrnoException).code ?? 'lỗi ghi / write error'];
    throw new DeskError('cli.unwritable-file', { vi: `Không ghi được tệp: ${where} (${why}).`, en: `Cannot write file: ${where} (${why}).` });
  }
  io.out(`${out}: Mẫu số ${form.number} — ${form.name.vi} / ${form.name.en} (${template.id}, dữ liệu mẫu / sample data)`);
}

export const run: CliCommand = async (args, io) => {
  try {
    let parsed;
    try {
      parsed = parseArgs({
        args,
        allowPositionals: true,
        options: { sample: { type: 'boolean' }, out: { type: 'string' }, version: { type: 'string' } },
      });
    } catch {
      throw usage();
    }
    const { positionals, values } = parsed;
    const [action, number, ...rest] = positionals;
    if (action === 'list' && number === undefined && !values.sample && values.out === undefined) {
      list(templateFor(values.version), io);
      return 0;
    }
    if (action !== 'render' || number === undefined || rest.length > 0) throw usage();
    // Only sample data can be rendered from the command line: dossiers live in the desk's database.
    if (!values.sample) {
      throw new DeskError('cli.usage', {
        vi: `Thiếu --sample: dòng lệnh chỉ in mẫu biểu với dữ liệu mẫu. ${USAGE}`,
        en: `Missing --sample: the command line prints forms with sample data only. ${USAGE}`,
      });
    }
    if (!values.out) {
      throw new DeskError('cli.usage', {
        vi: `Thiếu --out FILE.pdf: tệp PDF cần ghi ra. ${USAGE}`,
        en: `Missing --out FILE.pdf: the PDF file to write. ${USAGE}`,
      });
    }
    // "5" is how people say Mẫu 05.
    await render(templateFor(values.version), /^\d$/.test(number) ? `0${number}` : number, values.out, io);
    return 0;
  } catch (e) {
    return reportBadInput(e, io);
  }
};
