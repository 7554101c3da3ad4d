// Placeholder until this surface lands.
export function installPermissions(ctx, realm) {}
