// A module worker for tests/browser/realms.spec.mjs (a relative static import).
import './realm-worker-lib.js';

onmessage = async (event) => postMessage(await self.probe(event.data));
