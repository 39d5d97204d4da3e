#!/bin/sh
# Rendered by okd-topology from cluster.okd.yaml. Do not edit: the next render overwrites this file.
# Creates the VMs that run on hv-0, with the MACs from the topology. Existing VMs
# are left alone. Nodes boot from disk first and fall back to PXE, so an empty disk installs.
set -eu

create() {
  name=$1; shift
  if virsh dominfo "$name" >/dev/null 2>&1; then
    echo "$name: exists, left unchanged"
  else
    virt-install --name "$name" "$@"
  fi
}

create server-0 \
  --vcpus 4 \
  --memory 16384 \
  --disk size=120,bus=virtio \
  --network network=lan,mac=52:54:00:aa:00:10,model=virtio \
  --osinfo detect=on,require=off \
  --graphics none \
  --boot hd,network \
  --noautoconsole

create server-1 \
  --vcpus 4 \
  --memory 16384 \
  --disk size=120,bus=virtio \
  --network network=lan,mac=52:54:00:aa:00:11,model=virtio \
  --osinfo detect=on,require=off \
  --graphics none \
  --boot hd,network \
  --noautoconsole

create server-2 \
  --vcpus 4 \
  --memory 16384 \
  --disk size=120,bus=virtio \
  --network network=lan,mac=52:54:00:aa:00:12,model=virtio \
  --osinfo detect=on,require=off \
  --graphics none \
  --boot hd,network \
  --noautoconsole
