// Surfaces that only some bundles carry (the network interceptors of the telemetry build)
// register here before the shim arms; install() runs each with the shim's context.
const installers = [];

export function addFeature(install) {
  installers.push(install);
}

export function features() {
  return installers.slice();
}
