// Placeholder until this surface lands.
export function installDeviceInfo(ctx, realm) {}
