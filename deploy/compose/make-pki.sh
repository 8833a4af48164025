#!/bin/sh
# The compose topology's mTLS identities (what cert-manager issues on Kubernetes): a CA, the control plane's server
# certificate, and client certificates with the SPIFFE URIs the control plane maps —
#   spiffe://greentic/tenant/$TENANT/sidecar/csharp  (role sidecar)   spiffe://greentic/tenant/$TENANT/gateway (role gateway)
# Usage: make-pki.sh OUT_DIR [TENANT]. Idempotent: an existing CA is kept. Keys are 0600, readable by uid 1654 only.
set -eu
out=${1:?usage: make-pki.sh OUT_DIR [TENANT]}
tenant=${2:-demo}
mkdir -p "$out"
cd "$out"
umask 077
if [ ! -f ca.key ]; then
  openssl ecparam -name prime256v1 -genkey -noout -out ca.key
  openssl req -x509 -new -key ca.key -sha256 -days 365 -subj "/CN=greentic compose CA" \
    -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" -out ca.crt
fi
issue() { # name subject-alt-names extended-key-usage
  openssl ecparam -name prime256v1 -genkey -noout -out "$1.key"
  openssl req -new -key "$1.key" -subj "/CN=$1" -out "$1.csr"
  printf 'basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=%s\nsubjectAltName=%s\n' "$3" "$2" > "$1.ext"
  openssl x509 -req -in "$1.csr" -CA ca.crt -CAkey ca.key -CAcreateserial -days 30 -sha256 -extfile "$1.ext" -out "$1.crt"
  rm -f "$1.csr" "$1.ext"
}
issue control-plane "DNS:control-plane,DNS:control-plane-a,DNS:control-plane-b,DNS:control-plane-c,DNS:localhost,IP:127.0.0.1" serverAuth
issue sidecar-csharp "URI:spiffe://greentic/tenant/$tenant/sidecar/csharp" clientAuth
issue gateway "URI:spiffe://greentic/tenant/$tenant/gateway" clientAuth
chmod 0644 ca.crt ./*.crt
[ "$(id -u)" -ne 0 ] || chown -R 1654:1654 .
echo "pki: $out (tenant $tenant)"
