#!/bin/sh
# Rendered by okd-topology from cluster.okd.yaml. Do not edit: the next render overwrites this file.
# Creates the VMs that run on okd-hv, with the MACs from the topology. Existing VMs
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

# services is not a cluster node: it needs its own install source (add --location or --cdrom).
create services \
  --vcpus 4 \
  --memory 8192 \
  --disk size=200,bus=virtio \
  --network network=okd,mac=f8:75:a4:ac:00:fe,model=virtio \
  --osinfo detect=on,require=off \
  --graphics none \
  --boot hd,network \
  --noautoconsole

create bootstrap \
  --vcpus 4 \
  --memory 16384 \
  --disk size=120,bus=virtio \
  --network network=okd,mac=f8:75:a4:ac:01:00,model=virtio \
  --osinfo detect=on,require=off \
  --graphics none \
  --boot hd,network \
  --noautoconsole

create master-0 \
  --vcpus 4 \
  --memory 16384 \
  --disk size=120,bus=virtio \
  --network network=okd,mac=f8:75:a4:ac:03:00,model=virtio \
  --osinfo detect=on,require=off \
  --graphics none \
  --boot hd,network \
  --noautoconsole

create master-1 \
  --vcpus 4 \
  --memory 16384 \
  --disk size=120,bus=virtio \
  --network network=okd,mac=f8:75:a4:ac:03:01,model=virtio \
  --osinfo detect=on,require=off \
  --graphics none \
  --boot hd,network \
  --noautoconsole

create master-2 \
  --vcpus 4 \
  --memory 16384 \
  --disk size=120,bus=virtio \
  --network network=okd,mac=f8:75:a4:ac:03:02,model=virtio \
  --osinfo detect=on,require=off \
  --graphics none \
  --boot hd,network \
  --noautoconsole

create compute-0 \
  --vcpus 4 \
  --memory 16384 \
  --disk size=120,bus=virtio \
  --network network=okd,mac=f8:75:a4:ac:02:00,model=virtio \
  --osinfo detect=on,require=off \
  --graphics none \
  --boot hd,network \
  --noautoconsole

create compute-1 \
  --vcpus 4 \
  --memory 16384 \
  --disk size=120,bus=virtio \
  --network network=okd,mac=f8:75:a4:ac:02:01,model=virtio \
  --osinfo detect=on,require=off \
  --graphics none \
  --boot hd,network \
  --noautoconsole

create compute-2 \
  --vcpus 4 \
  --memory 16384 \
  --disk size=120,bus=virtio \
  --network network=okd,mac=f8:75:a4:ac:02:02,model=virtio \
  --osinfo detect=on,require=off \
  --graphics none \
  --boot hd,network \
  --noautoconsole

create infra-0 \
  --vcpus 4 \
  --memory 16384 \
  --disk size=120,bus=virtio \
  --network network=okd,mac=f8:75:a4:ac:04:00,model=virtio \
  --osinfo detect=on,require=off \
  --graphics none \
  --boot hd,network \
  --noautoconsole

create infra-1 \
  --vcpus 4 \
  --memory 16384 \
  --disk size=120,bus=virtio \
  --network network=okd,mac=f8:75:a4:ac:04:01,model=virtio \
  --osinfo detect=on,require=off \
  --graphics none \
  --boot hd,network \
  --noautoconsole

create infra-2 \
  --vcpus 4 \
  --memory 16384 \
  --disk size=120,bus=virtio \
  --network network=okd,mac=f8:75:a4:ac:04:02,model=virtio \
  --osinfo detect=on,require=off \
  --graphics none \
  --boot hd,network \
  --noautoconsole

create storage-0 \
  --vcpus 4 \
  --memory 16384 \
  --disk size=250,bus=virtio \
  --network network=okd,mac=f8:75:a4:ac:05:00,model=virtio \
  --osinfo detect=on,require=off \
  --graphics none \
  --boot hd,network \
  --noautoconsole

create storage-1 \
  --vcpus 4 \
  --memory 16384 \
  --disk size=250,bus=virtio \
  --network network=okd,mac=f8:75:a4:ac:05:01,model=virtio \
  --osinfo detect=on,require=off \
  --graphics none \
  --boot hd,network \
  --noautoconsole

create storage-2 \
  --vcpus 4 \
  --memory 16384 \
  --disk size=250,bus=virtio \
  --network network=okd,mac=f8:75:a4:ac:05:02,model=virtio \
  --osinfo detect=on,require=off \
  --graphics none \
  --boot hd,network \
  --noautoconsole
