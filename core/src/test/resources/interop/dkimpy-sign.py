#!/usr/bin/python3
"""Signs a message with dkimpy, an independent implementation, and prints the signed message.

Usage: dkimpy-sign.py ALGORITHM CANONICALIZATION DOMAIN SELECTOR KEYFILE < message
ALGORITHM is rsa-sha256 or ed25519-sha256; CANONICALIZATION is header/body, such as
relaxed/simple. KEYFILE is a PKCS#1 PEM key for RSA, the base64 32-byte seed for Ed25519.
"""
import sys

import dkim


def main():
    algorithm, canonicalization, domain, selector, key_file = sys.argv[1:6]
    header, body = canonicalization.split("/")
    with open(key_file, "rb") as f:
        key = f.read()
    message = sys.stdin.buffer.read()
    signature = dkim.sign(message, selector.encode(), domain.encode(), key,
                          canonicalize=(header.encode(), body.encode()),
                          signature_algorithm=algorithm.encode(),
                          linesep=b"\r\n")
    sys.stdout.buffer.write(signature + message)


main()
