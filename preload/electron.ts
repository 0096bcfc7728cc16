// Electron-host client: the contract over one IPC channel, exposed through the
// context bridge. This file runs in the sandboxed preload and is bundled on its own.
import { contextBridge, ipcRenderer } from 'electron';
import { createDeskApi } from './contract.ts';
import { unwrap, type Envelope } from './wire.ts';
import { IPC_CHANNEL } from './channel.ts';

const desk = createDeskApi(async (name, input) => unwrap((await ipcRenderer.invoke(IPC_CHANNEL, name, input)) as Envelope));

contextBridge.exposeInMainWorld('desk', desk);
