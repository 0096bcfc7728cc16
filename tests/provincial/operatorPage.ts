// The operator's page at /operator: the same actions as operator.ts, in a browser on the
// province's machine. The server listens on loopback only, and every operator call must
// carry the secret kept in DATA/operator-key, so a web page open in the same browser
// cannot forge operator actions.

import { randomBytes, timingSafeEqual } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join } from 'node:path';
import { createEnrolmentCode, listDesks, revokeDesk } from './auth.ts';
import { moveStatus, publishCalendar, publishCatalog } from './changes.ts';
import { ApiError, badRequest } from './errors.ts';
import { readJson, sendJson } from './http.ts';
import { listDossiers } from './operator.ts';
import { type Db, type Folders } from './store.ts';
import { statusTable } from './statuses.ts';

export function operatorKey(dataDir: string): string {
  const path = join(dataDir, 'operator-key');
  if (!existsSync(path)) writeFileSync(path, randomBytes(24).toString('base64url'), { mode: 0o600, flag: 'wx' });
  return readFileSync(path, 'utf8').trim();
}

function checkKey(req: IncomingMessage, key: string): void {
  const given = Buffer.from(String(req.headers['x-operator-key'] ?? ''));
  const wanted = Buffer.from(key);
  if (given.length !== wanted.length || !timingSafeEqual(given, wanted)) {
    throw new ApiError(403, 'operator-key-required', { vi: 'Cần khóa của người vận hành.', en: 'The operator key is required.' });
  }
}

interface Body {
  agencyId?: string;
  label?: string;
  deskId?: string;
  dossierId?: string;
  status?: number;
  note?: string;
  result?: { name: string; base64: string };
  text?: string;
}

/** Handles /operator and /operator/api/*; false when the path is not the operator's. */
export async function handleOperator(db: Db, f: Folders, key: string, req: IncomingMessage, res: ServerResponse, path: string): Promise<boolean> {
  if (path === '/operator' && req.method === 'GET') {
    res.writeHead(200, {
      'Content-Type': 'text/html; charset=utf-8',
      'Content-Security-Policy': "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; connect-src 'self'",
      'Cache-Control': 'no-store',
    });
    res.end(PAGE);
    return true;
  }
  if (!path.startsWith('/operator/api/')) return false;
  checkKey(req, key);
  const action = path.slice('/operator/api/'.length);
  if (action === 'state' && req.method === 'GET') {
    sendJson(res, 200, { desks: listDesks(db), dossiers: listDossiers(db, {}), statuses: statusTable().statuses });
    return true;
  }
  if (req.method !== 'POST') return false;
  const body = ((await readJson(req)) ?? {}) as Body;
  switch (action) {
    case 'enrol':
      sendJson(res, 200, createEnrolmentCode(db, String(body.agencyId ?? ''), String(body.label ?? body.agencyId ?? '')));
      return true;
    case 'revoke':
      sendJson(res, 200, { revoked: revokeDesk(db, String(body.deskId ?? '')) });
      return true;
    case 'status':
      sendJson(
        res,
        200,
        await moveStatus(db, f, {
          dossierId: String(body.dossierId ?? ''),
          status: Number(body.status),
          ...(body.note ? { note: body.note } : {}),
          ...(body.result ? { result: { name: body.result.name, bytes: Buffer.from(body.result.base64, 'base64') } } : {}),
        }),
      );
      return true;
    case 'catalog':
    case 'calendar': {
      if (typeof body.text !== 'string') throw badRequest('text-required', 'Thiếu nội dung tệp.', 'Send {"text": "<file contents>"}.');
      sendJson(res, 200, action === 'catalog' ? publishCatalog(db, body.text) : publishCalendar(db, body.text));
      return true;
    }
    default:
      return false;
  }
}

const PAGE = `<!doctype html>
<html lang="vi"><head><meta charset="utf-8"><title>Tỉnh — vận hành một cửa</title>
<style>
body{font:14px system-ui,sans-serif;margin:1.5rem;max-width:70rem}
table{border-collapse:collapse;width:100%;margin:.5rem 0 1.5rem}td,th{border-bottom:1px solid #ddd;padding:.3rem;text-align:left}
code{font-size:12px}#msg{padding:.5rem;background:#eef;white-space:pre-wrap}fieldset{margin:0 0 1rem}
</style></head><body>
<h1>Máy chủ tỉnh (tham chiếu) — vận hành</h1>
<p id="msg">Đang tải…</p>
<fieldset><legend>Mã đăng ký bàn tiếp nhận / Desk enrolment code</legend>
<label>Mã định danh cơ quan <input id="agency" value="000.17.22.H56"></label>
<label>Ghi chú <input id="label"></label> <button id="enrol">Tạo mã</button></fieldset>
<fieldset><legend>Phát hành / Publish</legend>
<label>Danh mục (JSON) <input type="file" id="catalog" accept=".json"></label>
<label>Lịch nghỉ (JSON) <input type="file" id="calendar" accept=".json"></label></fieldset>
<h2>Bàn tiếp nhận / Desks</h2><table id="desks"></table>
<h2>Hồ sơ / Dossiers</h2><table id="dossiers"></table>
<script>
const key = new URLSearchParams(location.search).get('key') || '';
const msg = (t) => { document.getElementById('msg').textContent = t; };
async function call(path, body) {
  const res = await fetch('/operator/api/' + path, body === undefined ? { headers: { 'X-Operator-Key': key } } :
    { method: 'POST', headers: { 'X-Operator-Key': key, 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
  const data = await res.json();
  if (!res.ok) throw new Error(data.message ? data.message.vi + ' / ' + data.message.en : res.status);
  return data;
}
function cell(row, text) { const td = row.insertCell(); td.textContent = text == null ? '' : String(text); return td; }
async function load() {
  const s = await call('state');
  const desks = document.getElementById('desks'); desks.innerHTML = '<tr><th>Mã bàn</th><th>Cơ quan</th><th>Tên</th><th>Hết hạn khóa</th><th>Thu hồi</th><th></th></tr>';
  for (const d of s.desks) {
    const r = desks.insertRow(); cell(r, d.id); cell(r, d.agencyId); cell(r, d.name); cell(r, d.keyExpiresAt); cell(r, d.revokedAt);
    if (!d.revokedAt) { const b = document.createElement('button'); b.textContent = 'Thu hồi'; b.onclick = () => act('revoke', { deskId: d.id }); cell(r, '').append(b); }
  }
  const table = document.getElementById('dossiers'); table.innerHTML = '<tr><th>Mã hồ sơ</th><th>Thủ tục</th><th>Tiếp nhận</th><th>Cơ quan tiếp nhận</th><th>Cơ quan giải quyết</th><th>Trạng thái</th><th>Chuyển trạng thái</th></tr>';
  for (const d of s.dossiers) {
    const r = table.insertRow(); cell(r, d.code || d.id); cell(r, d.procedureCode); cell(r, d.receivedAt); cell(r, d.agencyId); cell(r, d.decidingAgencyId); cell(r, d.status + ' ' + (d.statusLabel || ''));
    const td = cell(r, ''); const sel = document.createElement('select');
    for (const [code, label] of Object.entries(s.statuses)) sel.add(new Option(code + ' ' + label.vi, code));
    sel.value = '4';
    const note = document.createElement('input'); note.placeholder = 'Ghi chú';
    const file = document.createElement('input'); file.type = 'file'; file.accept = 'application/pdf';
    const go = document.createElement('button'); go.textContent = 'Chuyển';
    go.onclick = async () => {
      const f = file.files[0];
      const result = f ? { name: f.name, base64: btoa(Array.from(new Uint8Array(await f.arrayBuffer()), (b) => String.fromCharCode(b)).join('')) } : undefined;
      act('status', { dossierId: d.id, status: Number(sel.value), note: note.value || undefined, result });
    };
    td.append(sel, note, file, go);
  }
  msg(s.dossiers.length + ' hồ sơ, ' + s.desks.length + ' bàn.');
}
async function act(path, body) { try { const r = await call(path, body); await load(); msg(JSON.stringify(r, null, 2)); } catch (e) { msg(String(e.message)); } }
document.getElementById('enrol').onclick = () => act('enrol', { agencyId: document.getElementById('agency').value.trim(), label: document.getElementById('label').value.trim() });
for (const kind of ['catalog', 'calendar']) document.getElementById(kind).onchange = async (e) => { const f = e.target.files[0]; if (f) act(kind, { text: await f.text() }); };
load().catch((e) => msg(String(e.message)));
</script></body></html>`;
