#!/usr/bin/env bash
# Regenerates the interop test PKI: a CA (ca.pem) and a server certificate signed by it for
# *.test.google.fr, foo.test.google.fr, localhost and 127.0.0.1 (the names grpc's interop
# clients use with --server_host_override). Test data only: the keys are committed on purpose.
set -euo pipefail
cd "$(dirname "$0")"
days=36500
openssl req -x509 -newkey rsa:2048 -nodes -keyout ca.key -out ca.pem -days "$days" \
  -subj "/CN=Greentic interop test CA" \
  -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign"
openssl req -newkey rsa:2048 -nodes -keyout server.key -out server.csr -subj "/CN=foo.test.google.fr"
cat > server.ext <<'EXT'
basicConstraints=CA:FALSE
keyUsage=critical,digitalSignature,keyEncipherment
extendedKeyUsage=serverAuth
subjectAltName=DNS:*.test.google.fr,DNS:foo.test.google.fr,DNS:localhost,IP:127.0.0.1
EXT
openssl x509 -req -in server.csr -CA ca.pem -CAkey ca.key -CAcreateserial -out server.pem -days "$days" -extfile server.ext
# The .NET server loads a PKCS#12 bundle; an empty password keeps the test setup simple.
openssl pkcs12 -export -out server.pfx -inkey server.key -in server.pem -passout pass:
rm -f server.csr server.ext ca.srl
