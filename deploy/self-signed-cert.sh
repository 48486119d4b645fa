#!/bin/sh
# Makes a self-signed TLS certificate for trying the production shape on one machine:
#   sh deploy/self-signed-cert.sh [DIR] [HOST ...]
# writes DIR/fullchain.pem and DIR/privkey.pem (DIR defaults to deploy/certs, the directory
# docker-compose.yml mounts into nginx; HOSTs default to localhost and 127.0.0.1). Browsers warn
# about it; for real use put the chain and key from your certificate authority in the same files.
set -eu
dir="${1:-$(dirname "$0")/certs}"
[ $# -gt 0 ] && shift
[ $# -gt 0 ] || set -- localhost 127.0.0.1
san=""
for host in "$@"; do
  case "$host" in
    *[!0-9.]*) entry="DNS:$host" ;;  # anything but digits and dots is a name
    *) entry="IP:$host" ;;
  esac
  san="${san:+$san,}$entry"
done
mkdir -p "$dir"
umask 077
openssl req -x509 -newkey rsa:2048 -sha256 -nodes -days "${CERT_DAYS:-30}" \
  -keyout "$dir/privkey.pem" -out "$dir/fullchain.pem" \
  -subj "/CN=$1" -addext "subjectAltName=$san" \
  -addext "keyUsage=digitalSignature,keyEncipherment" -addext "extendedKeyUsage=serverAuth" 2>/dev/null
chmod 644 "$dir/fullchain.pem"
echo "certificate: $dir/fullchain.pem  key: $dir/privkey.pem  for: $san"
