package io.dialgate.gateway.pbx;

/** Fired inside the transaction that deleted a PBX host (and, by cascade, its users). */
public record PbxHostDeleted(String tenantId, String pbxHostId) {
}
