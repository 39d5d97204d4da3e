# The services host's bring-up files (test/render/bringup*.test.ts): systemd-analyze verify checks the registry
# unit and needs the podman it runs, grub-script-check (grub-common) checks the UEFI grub.cfg files, and the
# Debian boot loader packages prove the paths deploy copies pxelinux.0 and ldlinux.c32 from.
# Sourced by scripts/setup.sh, which defines apt_install.
apt_install podman grub-common pxelinux syslinux-common
