import { test } from 'node:test';
import assert from 'node:assert/strict';
import { folderRefusal, type FolderPolicyContext } from './folderPolicy.ts';

const linux: FolderPolicyContext = { platform: 'linux', home: '/home/canbo', appDirs: ['/home/canbo/.config/Một Cửa Desk', '/opt/mot-cua-desk'] };
const windows: FolderPolicyContext = {
  platform: 'win32',
  home: 'C:\\Users\\canbo',
  appDirs: ['C:\\Users\\canbo\\AppData\\Roaming\\Một Cửa Desk', 'D:\\Desk'],
  systemDirs: ['E:\\WinNT'],
};

function verdicts(ctx: FolderPolicyContext, paths: string[]): Record<string, string | null> {
  return Object.fromEntries(paths.map((p) => [p, folderRefusal(p, ctx)]));
}

test('linux: dedicated sub-folders are accepted', () => {
  for (const p of [
    '/srv/scans',
    '/home/canbo/Scans',
    '/mnt/copier/scans',
    '/media/usb/scans',
    '/var/scans',
    '/var/smb/scans',
    '/tmp/mcd-folder-x',
    '/srv/scans/',
  ]) {
    assert.equal(folderRefusal(p, linux), null, p);
  }
});

test('linux: the root, system folders and everything in them, homes, hidden and app folders are refused', () => {
  assert.deepEqual(
    verdicts(linux, [
      '/',
      '//',
      '/etc',
      '/etc/ssl',
      '/proc/self',
      '/sys',
      '/dev/shm',
      '/usr/share',
      '/bin',
      '/boot',
      '/root',
      '/root/scans',
      '/run/user/1000',
      '/var',
      '/var/log',
      '/var/lib/samba',
      '/var/spool/mail',
      '/var/tmp',
    ]),
    {
      '/': 'root',
      '//': 'root',
      '/etc': 'system',
      '/etc/ssl': 'system',
      '/proc/self': 'system',
      '/sys': 'system',
      '/dev/shm': 'system',
      '/usr/share': 'system',
      '/bin': 'system',
      '/boot': 'system',
      '/root': 'system',
      '/root/scans': 'system',
      '/run/user/1000': 'system',
      '/var': 'system',
      '/var/log': 'system',
      '/var/lib/samba': 'system',
      '/var/spool/mail': 'system',
      '/var/tmp': 'root',
    },
  );
  assert.deepEqual(verdicts(linux, ['/home', '/home/canbo', '/home/canbo/', '/home/other', '/mnt', '/srv', '/tmp', '/opt']), {
    '/home': 'root',
    '/home/canbo': 'home',
    '/home/canbo/': 'home',
    '/home/other': 'home',
    '/mnt': 'root',
    '/srv': 'root',
    '/tmp': 'root',
    '/opt': 'root',
  });
  assert.deepEqual(
    verdicts(linux, ['/home/canbo/.ssh', '/srv/.git/objects', '/home/canbo/.config/Một Cửa Desk/x', '/opt/mot-cua-desk', '/srv/scans/../../etc']),
    {
      '/home/canbo/.ssh': 'hidden',
      '/srv/.git/objects': 'hidden',
      '/home/canbo/.config/Một Cửa Desk/x': 'app-data',
      '/opt/mot-cua-desk': 'app-data',
      '/srv/scans/../../etc': 'system',
    },
  );
});

test('linux: a path absolute only on Windows is not absolute here', () => {
  assert.deepEqual(verdicts(linux, ['C:\\Scans', 'D:/Scans', 'scans', '\\\\server\\share\\scans']), {
    'C:\\Scans': 'not-absolute',
    'D:/Scans': 'not-absolute',
    scans: 'not-absolute',
    '\\\\server\\share\\scans': 'not-absolute',
  });
});

test('windows: dedicated sub-folders on a drive, including a mapped share, are accepted', () => {
  for (const p of [
    'D:\\Scans',
    'C:\\Scans\\Copier',
    'Z:\\scans',
    'C:\\Users\\canbo\\Scans',
    'C:\\ProgramData\\Scans',
    'C:\\Users\\Public\\Scans',
    'd:/scans',
  ]) {
    assert.equal(folderRefusal(p, windows), null, p);
  }
});

test('windows: drive roots, UNC paths, system folders, homes, AppData and the app folder are refused', () => {
  assert.deepEqual(
    verdicts(windows, [
      'C:\\',
      'D:\\',
      'z:/',
      '\\\\server\\share\\scans',
      '//server/share/scans',
      '\\\\?\\C:\\Scans',
      '\\\\.\\PhysicalDrive0',
      'C:Scans',
      '\\Scans',
      '/srv/scans',
      'C:\\Scans:stream',
      'C:\\Windows',
      'c:\\windows\\system32\\config',
      'C:\\Windows. \\System32',
      'C:\\Program Files',
      'C:\\Program Files (x86)\\App',
      'C:\\ProgramData',
      'C:\\$Recycle.Bin',
      'C:\\Users',
      'C:\\Users\\canbo',
      'C:\\Users\\other',
      'C:\\Users\\canbo\\AppData\\Local\\Temp',
      'C:\\Users\\Default\\Scans',
      'E:\\WinNT\\Temp',
      'D:\\Desk\\data',
      'C:\\Scans\\.hidden',
    ]),
    {
      'C:\\': 'root',
      'D:\\': 'root',
      'z:/': 'root',
      '\\\\server\\share\\scans': 'network-path',
      '//server/share/scans': 'network-path',
      '\\\\?\\C:\\Scans': 'network-path',
      '\\\\.\\PhysicalDrive0': 'network-path',
      'C:Scans': 'not-absolute',
      '\\Scans': 'not-absolute',
      '/srv/scans': 'not-absolute',
      'C:\\Scans:stream': 'not-absolute',
      'C:\\Windows': 'system',
      'c:\\windows\\system32\\config': 'system',
      'C:\\Windows. \\System32': 'system',
      'C:\\Program Files': 'system',
      'C:\\Program Files (x86)\\App': 'system',
      'C:\\ProgramData': 'root',
      'C:\\$Recycle.Bin': 'system',
      'C:\\Users': 'root',
      'C:\\Users\\canbo': 'home',
      'C:\\Users\\other': 'home',
      'C:\\Users\\canbo\\AppData\\Local\\Temp': 'system',
      'C:\\Users\\Default\\Scans': 'system',
      'E:\\WinNT\\Temp': 'system',
      'D:\\Desk\\data': 'app-data',
      'C:\\Scans\\.hidden': 'hidden',
    },
  );
});

test('macOS: the same rules through its own names, ignoring case', () => {
  const mac: FolderPolicyContext = { platform: 'darwin', home: '/Users/canbo', appDirs: [] };
  assert.deepEqual(
    verdicts(mac, ['/Users/canbo/Scans', '/private/etc', '/private/var/db', '/System/Library', '/users/CANBO', '/Volumes', '/Volumes/NAS/scans']),
    {
      '/Users/canbo/Scans': null,
      '/private/etc': 'system',
      '/private/var/db': 'system',
      '/System/Library': 'system',
      '/users/CANBO': 'home',
      '/Volumes': 'root',
      '/Volumes/NAS/scans': null,
    },
  );
});
