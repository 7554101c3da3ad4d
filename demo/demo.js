// The demo page's own code: it uses the shim's public API only.
const shim = RtcPrivacyShim.current;
const $ = (id) => document.getElementById(id);

function render() {
  const state = shim.consent.state();
  const labels = Object.fromEntries(shim.consent.purposes().map((p) => [p.id, p.label.en || p.id]));
  $('purposes').replaceChildren(...Object.entries(state).map(([id, value]) => {
    const row = document.createElement('div');
    row.className = 'purpose';
    const name = document.createElement('span');
    name.textContent = labels[id] || id;
    const badge = document.createElement('span');
    badge.className = `state ${value}`;
    badge.dataset.purpose = id;
    badge.textContent = value;
    const grant = document.createElement('button');
    grant.textContent = 'Agree';
    grant.dataset.grant = id;
    grant.onclick = () => shim.consent.grant(id);
    const revoke = document.createElement('button');
    revoke.textContent = 'Withdraw';
    revoke.dataset.revoke = id;
    revoke.onclick = () => shim.consent.revoke(id);
    row.append(name, badge, grant, revoke);
    return row;
  }));
  const { armed, closed, reason, revision, bootMs } = shim.status();
  $('status').textContent = JSON.stringify({ armed, closed, reason, revision, bootMs: Number(bootMs.toFixed(2)) }, null, 1);
  $('ledger').replaceChildren(...shim.ledger.entries().slice(-40).map((e) => {
    const li = document.createElement('li');
    li.className = e.action;
    li.textContent = `${new Date(e.time).toLocaleTimeString()}  ${e.surface}  ${e.action}  ${e.purpose || '-'}  ${e.reason}`;
    return li;
  }));
}

$('start').onclick = async () => {
  try {
    const stream = await navigator.mediaDevices.getUserMedia({ video: true, audio: true });
    $('preview').srcObject = stream;
    $('message').textContent = 'Camera on.';
    stream.getVideoTracks()[0].addEventListener('ended', () => { $('message').textContent = 'Camera stopped: consent withdrawn.'; });
  } catch (error) {
    $('message').textContent = `Camera refused: ${error.name}`;
  }
  render();
};
$('devices').onclick = async () => {
  const devices = await navigator.mediaDevices.enumerateDevices();
  $('device-list').replaceChildren(...devices.map((d) => {
    const li = document.createElement('li');
    li.textContent = `${d.kind}: ${d.label || '(no label)'}`;
    return li;
  }));
  render();
};
shim.on('change', render);
render();
