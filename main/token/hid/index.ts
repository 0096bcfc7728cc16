// What the rest of the app uses from the HID token path.
export { HidTokens, createHidTokens, type HidSigner, type HidTokensOptions, type TokenInfo, type TokenStatus } from './hidToken.ts';
export { createEmulatedToken, createEmulatorIdentity, DEFAULT_HOLDER, type EmulatedTokenSetup, type EmulatorIdentity } from './emulatedToken.ts';
export { TokenWatcher, type TokenEvent } from './watcher.ts';
export { defaultKnownDevices, loadKnownDevicesFile, parseKnownDevices, type KnownDevice } from './knownDevices.ts';
