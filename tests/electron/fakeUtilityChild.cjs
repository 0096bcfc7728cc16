// Preloaded (--require) into the child of the fake utilityProcess (fakeElectron.ts): what
// Electron gives a utility process — process.parentPort delivering { data, ports } events,
// and no process.send — built over Node's IPC channel. Electron ends utility processes
// with the app; the fake's child ends when the test process that forked it goes.
'use strict';
const { EventEmitter } = require('node:events');

const send = process.send.bind(process);
const parentPort = new EventEmitter();
parentPort.postMessage = (message) => send(message);
process.on('message', (data) => parentPort.emit('message', { data, ports: [] }));
process.on('disconnect', () => process.exit(0));
Object.defineProperty(process, 'parentPort', { value: parentPort, enumerable: true });
delete process.send;
