// Placeholder until this surface lands.
export function installWebRtc(ctx, realm) {}
