/** The single IPC channel every contract call travels on. */
export const IPC_CHANNEL = 'desk:call';
