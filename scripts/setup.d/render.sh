# Daemons whose own check modes prove the rendered configs (test/render): dhcpd -t, named-checkconf/-checkzone,
# haproxy -c, keepalived -t, chronyd -p, apache2ctl -t (Debian layout). Sourced by scripts/setup.sh, which defines apt_install.
apt_install isc-dhcp-server bind9 bind9utils haproxy keepalived chrony apache2
