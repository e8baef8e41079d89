/** Names and ids the model, the checks and the simulator share. */

export const VFP_EXTENSION_NAME = 'Microsoft Azure VFP Switch Extension';
export const VFP_EXTENSION_ID = 'e9b59cfa-2be1-4b21-828f-b6fbdbddc017';

/** Options of `docker network inspect` that the model and the checks read. */
export const OPT = {
  hnsId: 'com.docker.network.windowsshim.hnsid',
  networkName: 'com.docker.network.windowsshim.networkname',
  iface: 'com.docker.network.windowsshim.interface',
  vlanId: 'com.docker.network.windowsshim.vlanid',
  dnsSuffix: 'com.docker.network.windowsshim.dnssuffix',
  dnsServers: 'com.docker.network.windowsshim.dnsservers',
  outboundNat: 'com.docker.network.windowsshim.enable_outboundnat',
  outboundNatExceptions: 'com.docker.network.windowsshim.outboundnat_exceptions',
  vxlanIds: 'com.docker.network.driver.overlay.vxlanid_list',
  encrypted: 'encrypted',
} as const;

