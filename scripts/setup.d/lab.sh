# The lab of network namespaces (test/lab, `okd-topology rehearse`): real daemons on a services host
# (dhcpd, named, HAProxy, chronyd from the other setup files; the TFTP server and Apache here), the
# PXE boot loaders Fedora's syslinux ships (Debian: pxelinux, syslinux-common), nodes leasing with ISC
# dhclient, and the clients the tests fetch with (tftp-hpa, curl, dig). Sourced by scripts/setup.sh.
apt_install iproute2 util-linux openssl tftpd-hpa tftp-hpa isc-dhcp-client pxelinux syslinux-common apache2 curl bind9-dnsutils
