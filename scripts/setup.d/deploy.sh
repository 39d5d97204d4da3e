# Deploy over SSH (test/deploy, bench/deploy): the tests start their own sshd on 127.0.0.1, the health
# checks use dig/getent on the host, the zone-serial test validates with named-checkzone (bind9-utils), and
# the benchmark compares with Debian's Ansible running the export.
# Sourced by scripts/setup.sh, which defines apt_install.
apt_install openssh-server openssh-client bind9-dnsutils bind9-utils ansible sudo
