#!/usr/bin/python3
"""Writes the hostile-input corpus: crafted messages, their key records and verdicts.

Valid signatures come from dkimpy (Debian's python3-dkim), an independent signer, at a
fixed time; the crafted faults are then written into the signed text. Run from this
folder: ./make-corpus.py. Writes NNN-name.eml, records.txt and cases.tsv; the test
HostileInputTest reads them. Rerunning gives the same files byte for byte.
"""
import base64
import re
import subprocess
import time

import dkim

SIGNED_AT = 1764676800  # 2025-12-02T12:00:00Z; the test verifies at 2026-12-03T12:00:00Z
DOMAIN = b"example.com"

time.time = lambda: SIGNED_AT

with open("rsa-2048.pkcs1.pem", "rb") as f:
    RSA_KEY = f.read()
with open("rsa-8192.pkcs1.pem", "rb") as f:
    RSA_8192_KEY = f.read()
with open("ed25519.seed.b64", "rb") as f:
    ED_KEY = f.read().strip()


def public_key(pem):
    der = subprocess.run(["openssl", "rsa", "-pubout", "-outform", "DER"], input=pem,
                         capture_output=True, check=True).stdout
    return base64.b64encode(der).decode()


RSA_P = public_key(RSA_KEY)
RSA_8192_P = public_key(RSA_8192_KEY)
RSA_BARE_P = base64.b64encode(subprocess.run(
    ["openssl", "rsa", "-RSAPublicKey_out", "-outform", "DER"], input=RSA_KEY,
    capture_output=True, check=True).stdout).decode()
ED_P = "11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo="
RSA_512_P = ("MFwwDQYJKoZIhvcNAQEBBQADSwAwSAJBANUd+GOgL4xY7KRKDA8e2dFpfdxYda5x43KKXzY2ySR3"
             "uiztwGDudpeP+Bhr2iSAGd1i/cyM/Ae8bSXM7UuvxcUCAwEAAQ==")

RECORDS = [
    ("rsa", "v=DKIM1; k=rsa; p=" + RSA_P),
    ("ed", "v=DKIM1; k=ed25519; p=" + ED_P),
    ("rsa8192", "v=DKIM1; k=rsa; p=" + RSA_8192_P),
    ("bare", "v=DKIM1; k=rsa; p=" + RSA_BARE_P),
    ("spaced", "v=DKIM1; k=rsa; p=" + RSA_P[:100] + " " + RSA_P[100:200] + "\t" + RSA_P[200:]),
    ("upper", "v=DKIM1; k=RSA; p=" + RSA_P),
    ("dkim2", "v=DKIM2; k=rsa; p=" + RSA_P),
    ("vlate", "k=rsa; v=DKIM1; p=" + RSA_P),
    ("kmismatch", "v=DKIM1; k=ed25519; p=" + ED_P),
    ("kdsa", "v=DKIM1; k=dsa; p=" + RSA_P),
    ("garbage", "v=DKIM1; k=rsa; p=!!!not*base64!!!"),
    ("notakey", "v=DKIM1; k=rsa; p=aGVsbG8sIHRoaXMgaXMgbm90IGEga2V5"),
    ("revoked", "v=DKIM1; k=rsa; p="),
    ("sha1only", "v=DKIM1; k=rsa; h=sha1; p=" + RSA_P),
    ("othersvc", "v=DKIM1; k=rsa; s=other; p=" + RSA_P),
    ("strict", "v=DKIM1; k=rsa; t=s; p=" + RSA_P),
    ("testing", "v=DKIM1; k=rsa; t=y; p=" + RSA_P),
    ("twogood", "v=spf1 -all"),
    ("twogood", "v=DKIM1; k=rsa; p=" + RSA_P),
    ("twobad", "v=spf1 -all"),
    ("twobad", "v=DKIM1; k=rsa; p="),
    ("short", "v=DKIM1; k=rsa; p=" + RSA_512_P),
    ("spf", "v=spf1 include:_spf.example.com -all"),
    ("empty", ""),
    ("nop", "v=DKIM1; k=rsa"),
    ("edspki", "v=DKIM1; k=ed25519; p=MCowBQYDK2VwAyEA11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo="),
    ("ed31", "v=DKIM1; k=ed25519; p=11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHUQ=="),
    ("unknowntags", "v=DKIM1; k=rsa; n=notes here; z=unknown; p=" + RSA_P),
]

BASE_HEADERS = (b"From: Alice <alice@example.com>\r\n"
                b"To: bob@example.net\r\n"
                b"Subject: Quarterly figures\r\n"
                b"Date: Tue, 02 Dec 2025 12:00:00 +0000\r\n"
                b"Message-ID: <hostile@example.com>\r\n")
BASE_BODY = b"Hello Bob,\r\n\r\nThe figures are attached.\r\n\r\nAlice\r\n"
BASE = BASE_HEADERS + b"\r\n" + BASE_BODY

cases = []


def sign(message, selector="rsa", key=None, algorithm=b"rsa-sha256", identity=None,
         canonicalize=(b"relaxed", b"relaxed"), length=False, headers=None):
    if key is None:
        key = ED_KEY if algorithm == b"ed25519-sha256" else RSA_KEY
    include = headers or [b"from", b"to", b"subject", b"date", b"message-id"]
    field = dkim.sign(message, selector.encode(), DOMAIN, key, identity=identity,
                      canonicalize=canonicalize, signature_algorithm=algorithm,
                      include_headers=include, length=length, linesep=b"\r\n")
    return field + message


def edit(signed, old, new, count=1):
    if old not in signed:
        raise ValueError("%r not in message" % old)
    return signed.replace(old, new, count)


def case(name, message, verdicts, reasons="-"):
    number = len(cases) + 1
    file = "%03d-%s.eml" % (number, name)
    with open(file, "wb") as f:
        f.write(message)
    cases.append((file, verdicts, reasons))


def first_field(signed):
    end = signed.index(b"\r\n", signed.index(b"b=", signed.index(b"bh=") + 3))
    while signed[end + 2:end + 3] in (b" ", b"\t"):
        end = signed.index(b"\r\n", end + 2)
    return signed[:end]


def drop_tag(signed, name):
    """Removes one tag, with its value and the whitespace after it, from the first field."""
    field = first_field(signed)
    edited = re.sub(rb"(?<=[:;\s])" + name + rb"=[^;]*;\s*", b"", field, count=1)
    if edited == field:
        raise ValueError("no %r tag" % name)
    return edited + signed[len(field):]


def set_tag(signed, name, value):
    """Gives one tag of the first field another value."""
    field = first_field(signed)
    edited = re.sub(rb"(?<=[:;\s])" + name + rb"=[^;]*;", name + b"=" + value + b";", field,
                    count=1)
    if edited == field:
        raise ValueError("no %r tag" % name)
    return edited + signed[len(field):]


GOOD = sign(BASE)
GOOD_ED = sign(BASE, "ed", algorithm=b"ed25519-sha256")

# The baseline: what the faults below are measured against.
case("good-rsa", GOOD, "pass")
case("good-ed25519", GOOD_ED, "pass")
case("unsigned", BASE, "none")

# Missing required tags (RFC 6376 §6.1.1).
for tag in [b"v", b"a", b"d", b"s", b"h", b"bh"]:
    case("missing-" + tag.decode(), drop_tag(GOOD, tag), "permerror",
         "signature lacks the required tag " + tag.decode() + "=")
field = first_field(GOOD)
case("missing-b", GOOD.replace(field, field[:field.rindex(b"b=")].rstrip(b" \t\r\n;")),
     "permerror", "signature lacks the required tag b=")

# Duplicated and malformed tags.
case("duplicated-d", edit(GOOD, b"d=example.com;", b"d=example.com; d=example.org;"),
     "permerror", "tag d= appears more than once")
case("duplicated-b", GOOD.replace(field, field + b"; b=AAAA"), "permerror",
     "tag b= appears more than once")
case("tag-without-equals", edit(GOOD, b"v=1;", b"v=1; oops;"), "permerror",
     "tag-spec without '='")
case("invalid-tag-name", edit(GOOD, b"v=1;", b"v=1; 9x=1;"), "permerror",
     "invalid tag name '9x'")
case("tag-name-with-dash", edit(GOOD, b"v=1;", b"v=1; x-y=1;"), "permerror",
     "invalid tag name 'x-y'")
case("version-2", edit(GOOD, b"v=1;", b"v=2;"), "permerror",
     "incompatible signature version v=2")
case("version-1.0", edit(GOOD, b"v=1;", b"v=1.0;"), "permerror",
     "incompatible signature version v=1.0")
case("empty-field", b"DKIM-Signature:\r\n" + BASE, "permerror",
     "signature lacks the required tag v=")
case("field-of-junk", b"DKIM-Signature: synerr\r\n" + BASE, "permerror",
     "tag-spec without '='")

# Bad base64.
case("bad-base64-bh", set_tag(GOOD, b"bh", b"not*base64*at*all"), "permerror",
     "bh= is not valid base64")
case("bad-base64-b", GOOD.replace(field, field[:field.rindex(b"b=") + 2] + b"%%%%"),
     "permerror", "b= is not valid base64")
case("empty-b", GOOD.replace(field, field[:field.rindex(b"b=") + 2]), "permerror",
     "b= is empty")
case("empty-bh", set_tag(GOOD, b"bh", b""), "permerror", "bh= is empty")
case("wrong-bh", set_tag(GOOD, b"bh", base64.b64encode(b"x" * 32)), "fail",
     "body hash did not verify")

# Algorithms.
case("unknown-algorithm", edit(GOOD, b"a=rsa-sha256", b"a=rsa-sha512"), "permerror",
     "unknown algorithm a=rsa-sha512")
case("hmac-algorithm", edit(GOOD, b"a=rsa-sha256", b"a=hmac-sha256"), "permerror",
     "unknown algorithm a=hmac-sha256")
case("empty-algorithm", edit(GOOD, b"a=rsa-sha256", b"a="), "permerror",
     "unknown algorithm a=")
case("rsa-sha1", sign(BASE, algorithm=b"rsa-sha1"), "permerror",
     "rsa-sha1 not accepted (RFC 8301)")
# Any edit of a signature's own tags breaks it, so "fail" with this reason says that the
# edited field was read as valid.
case("upper-case-algorithm", edit(GOOD, b"a=rsa-sha256", b"a=RSA-SHA256"), "fail",
     "signature did not verify")

# Canonicalization and query method.
case("unknown-canonicalization", edit(GOOD, b"c=relaxed/relaxed", b"c=future/relaxed"),
     "permerror", "unknown canonicalization c=future/relaxed")
case("unknown-body-canonicalization", edit(GOOD, b"c=relaxed/relaxed",
                                          b"c=relaxed/future"),
     "permerror", "unknown canonicalization c=relaxed/future")
case("query-method-unknown", set_tag(GOOD, b"q", b"dns/xyz"), "permerror",
     "q=dns/xyz offers no supported query method")
case("query-method-list", set_tag(GOOD, b"q", b"foo/bar:dns/txt"), "fail",
     "signature did not verify")
case("simple-simple", sign(BASE, canonicalize=(b"simple", b"simple")), "pass")
case("relaxed-simple", sign(BASE, canonicalize=(b"relaxed", b"simple")), "pass")
case("simple-relaxed", sign(BASE, canonicalize=(b"simple", b"relaxed")), "pass")

# The header list.
case("h-without-from", set_tag(GOOD, b"h", b"to:subject"), "permerror",
     "h= does not include From")
case("h-empty", set_tag(GOOD, b"h", b""), "permerror", "h= has an empty field name")
case("h-empty-name", set_tag(GOOD, b"h", b"from::to"), "permerror",
     "h= has an empty field name")
case("h-upper-case", set_tag(GOOD, b"h", b"FROM : TO : SUBJECT : DATE : MESSAGE-ID"),
     "fail", "signature did not verify")
case("h-upper-case-unchanged-by-signer", sign(BASE, headers=[b"From", b"To"]), "pass")

# The identity (i=).
case("identity-outside", sign(BASE, identity=b"alice@example.com").replace(
    b"i=alice@example.com", b"i=alice@evil.example"), "permerror",
    "i= domain evil.example is not within d=example.com")
case("identity-parent", sign(BASE, identity=b"alice@example.com").replace(
    b"i=alice@example.com", b"i=alice@com"), "permerror",
    "i= domain com is not within d=example.com")
case("identity-without-at", sign(BASE, identity=b"alice@example.com").replace(
    b"i=alice@example.com", b"i=alice.example.com"), "permerror", "i= 'alice.example.com' has no '@'")
case("identity-bad-quoted-printable", sign(BASE, identity=b"alice@example.com").replace(
    b"i=alice@example.com", b"i=alice=4@example.com"), "permerror",
    "bad quoted-printable escape")
case("identity-subdomain", sign(BASE, identity=b"alice@mail.example.com"), "pass")
case("identity-quoted-printable", sign(BASE, identity=b"alice@example.com").replace(
    b"i=alice@example.com", b"i=alice=40example.com"), "fail", "signature did not verify")

# Times.
t = str(SIGNED_AT).encode()
case("expiry-before-timestamp", edit(GOOD, b"t=" + t + b";",
                                     b"t=" + t + b"; x=" + str(SIGNED_AT - 1).encode() + b";"),
     "permerror", "x=%d is before t=%d" % (SIGNED_AT - 1, SIGNED_AT))
case("expired", edit(GOOD, b"t=" + t + b";",
                     b"t=" + t + b"; x=" + str(SIGNED_AT + 86400).encode() + b";"),
     "permerror", "signature expired 2025-12-03T12:00Z")
case("timestamp-far-future", edit(GOOD, b"t=" + t, b"t=4102444800"), "permerror",
     "signature timestamp t=4102444800 (2100-01-01T00:00Z) is in the future")
case("timestamp-not-a-number", edit(GOOD, b"t=" + t, b"t=yesterday"), "permerror",
     "t=yesterday is not a number")
case("expiry-not-a-number", edit(GOOD, b"t=" + t + b";", b"t=" + t + b"; x=never;"),
     "permerror", "x=never is not a number")
case("expiry-huge", edit(GOOD, b"t=" + t + b";", b"t=" + t + b"; x=" + b"9" * 76 + b";"),
     "fail", "signature did not verify")
case("timestamp-77-digits", edit(GOOD, b"t=" + t, b"t=" + b"1" * 77), "permerror",
     "is not a number")

# Body length (l=).
LIMITED = sign(BASE, length=True)
case("length-exact", LIMITED, "pass")
case("length-appended", LIMITED + b"Click http://evil.example/ now\r\n", "policy",
     "body extends beyond l=")
case("length-larger-than-body", set_tag(LIMITED, b"l", b"99999"), "permerror",
     "l=99999 is longer than the body")
case("length-not-a-number", set_tag(LIMITED, b"l", b"abc"), "permerror",
     "l=abc is not a number")
case("length-negative", set_tag(LIMITED, b"l", b"-1"), "permerror",
     "l=-1 is not a number")
case("length-zero", set_tag(LIMITED, b"l", b"0"), "fail", "body hash did not verify")

# Domains and selectors.
case("domain-with-parenthesis", edit(GOOD, b"d=example.com", b"d=example.com(.evil.example"),
     "permerror", "d= 'example.com(.evil.example' is not a valid domain name")
case("domain-non-ascii", edit(GOOD, b"d=example.com", b"d=exampl\xe9.com"), "permerror",
     "d= 'exampl\\xE9.com' is not a valid domain name")
case("domain-empty-label", edit(GOOD, b"d=example.com", b"d=.example.com"), "permerror",
     "is not a valid domain name")
case("domain-long-label", edit(GOOD, b"d=example.com", b"d=" + b"a" * 64 + b".com"),
     "permerror", "is not a valid domain name")
case("selector-with-space", edit(GOOD, b"s=rsa", b"s=r sa"), "permerror",
     "s= 'r sa' is not a valid selector")
case("selector-with-nul", edit(GOOD, b"s=rsa", b"s=rs\x00a"), "permerror",
     "s= 'rs\\x00a' is not a valid selector")
case("huge-tag-value", edit(GOOD, b"v=1;", b"v=1; z=" + b"A" * 100000 + b";"), "fail",
     "signature did not verify")
case("nul-in-unknown-tag", edit(GOOD, b"v=1;", b"v=1; z=a\x00b;"), "fail",
     "signature did not verify")
case("unknown-tag", edit(GOOD, b"v=1;", b"v=1; future=yes;"), "fail",
     "signature did not verify")

# Key records (RFC 6376 §3.6.1, §6.1.2; RFC 8301; RFC 8463).
case("key-bare-rsapublickey", sign(BASE, "bare"), "pass")
case("key-with-spaces", sign(BASE, "spaced"), "pass")
case("key-type-upper-case", sign(BASE, "upper"), "pass")
case("key-unknown-tags", sign(BASE, "unknowntags"), "pass")
case("key-testing", sign(BASE, "testing"), "pass", "key in testing mode (t=y)")
case("key-version-2", sign(BASE, "dkim2"), "permerror",
     "key record v= is 'DKIM2'; expected DKIM1")
case("key-version-not-first", sign(BASE, "vlate"), "permerror",
     "key record v= must be the first tag")
case("key-type-mismatch", sign(BASE, "kmismatch"), "permerror",
     "key type k=ed25519 does not match a=rsa-sha256")
case("key-type-unknown", sign(BASE, "kdsa"), "permerror", "unknown key type k=dsa")
case("key-garbage", sign(BASE, "garbage"), "permerror", "p= is not valid base64")
case("key-not-a-key", sign(BASE, "notakey"), "permerror",
     "p= does not hold an RSA public key")
case("key-revoked", sign(BASE, "revoked"), "permerror", "key record revoked (empty p=)")
case("key-sha1-only", sign(BASE, "sha1only"), "permerror",
     "key record h= does not allow sha256")
case("key-other-service", sign(BASE, "othersvc"), "permerror",
     "key record s= does not include email")
case("key-strict-subdomain", sign(BASE, "strict", identity=b"alice@mail.example.com"),
     "permerror", "key record t=s forbids the sub-domain i= mail.example.com of d=example.com")
case("key-strict-same-domain", sign(BASE, "strict", identity=b"alice@example.com"), "pass")
case("key-several-one-usable", sign(BASE, "twogood"), "pass")
case("key-several-none-usable", sign(BASE, "twobad"), "permerror",
     "key record at twobad._domainkey.example.com: ")
case("key-512-bits", sign(BASE, "short"), "permerror",
     "key too short: 512 bits; at least 1024 are required")
case("key-8192-bits", sign(BASE, "rsa8192", key=RSA_8192_KEY), "pass")
case("key-missing", sign(BASE, "nosuchkey"), "permerror",
     "no key record at nosuchkey._domainkey.example.com")
case("key-spf-record", sign(BASE, "spf"), "permerror", "expected DKIM1")
case("key-empty-record", sign(BASE, "empty"), "permerror", "key record has no p= tag")
case("key-without-p", sign(BASE, "nop"), "permerror", "key record has no p= tag")
case("key-ed25519-spki", sign(BASE, "edspki", algorithm=b"ed25519-sha256"), "permerror",
     "ed25519 key in p= has 44 bytes; expected 32")
case("key-ed25519-31-bytes", sign(BASE, "ed31", algorithm=b"ed25519-sha256"), "permerror",
     "ed25519 key in p= has 31 bytes; expected 32")

# Message shapes.
NO_BODY = BASE_HEADERS.rstrip(b"\r\n")
case("no-body-no-blank-line", sign(NO_BODY + b"\r\n"), "pass")
case("empty-body", sign(BASE_HEADERS + b"\r\n"), "pass")
case("lf-line-ends", sign(BASE).replace(b"\r\n", b"\n"), "pass")
case("mixed-line-ends", edit(sign(BASE), b"Alice\r\n", b"Alice\n"), "pass")
case("bare-cr-in-body", sign(BASE_HEADERS + b"\r\nline one\rstill one\r\n"), "pass")
case("bare-cr-added", edit(GOOD, b"Alice\r\n", b"Al\rice\r\n"), "fail",
     "body hash did not verify")
case("latin1-header", sign(edit(BASE, b"Subject: Quarterly figures",
                                b"Subject: Chiffres \xe9t\xe9")), "pass")
case("utf8-header", sign(edit(BASE, b"Subject: Quarterly figures",
                              "Subject: Zahlen f\u00fcr Q4 \u2603".encode())), "pass")
case("utf8-body", sign(BASE_HEADERS + b"\r\n" + "Gr\u00fc\u00dfe \u2603\r\n".encode()),
     "pass")
case("nul-in-body", sign(BASE_HEADERS + b"\r\nbefore\x00after\r\n"), "pass")
case("whitespace-only-body", sign(BASE_HEADERS + b"\r\n  \r\n\t\r\n \t \r\n"), "pass")
case("trailing-empty-lines-added", GOOD + b"\r\n\r\n\r\n", "pass")
case("trailing-spaces-added-relaxed", edit(GOOD, b"Alice\r\n", b"Alice   \r\n"), "pass")
case("trailing-spaces-added-simple", edit(sign(BASE, canonicalize=(b"simple", b"simple")),
                                          b"Alice\r\n", b"Alice   \r\n"), "fail",
     "body hash did not verify")
case("two-from-fields", edit(GOOD, b"To: bob", b"From: mallory@evil.example\r\nTo: bob"),
     "permerror", "message has 2 From fields; exactly one is required")
case("no-from-field", sign(edit(BASE, b"From: Alice <alice@example.com>\r\n", b"")),
     "permerror", "message has 0 From fields; exactly one is required")
case("from-without-domain", sign(edit(BASE, b"From: Alice <alice@example.com>",
                                      b"From: undisclosed-sender:;")), "pass")
case("field-without-colon", edit(GOOD, b"Date:", b"X-Junk-Line\r\nDate:"), "pass")
case("continuation-first", b" leading continuation line\r\n" + GOOD, "pass")
case("long-header-line", sign(edit(BASE, b"Subject: Quarterly figures",
                                   b"Subject: " + b"x" * 10000)), "pass")
case("signature-at-bottom", edit(GOOD, first_field(GOOD) + b"\r\n", b"").replace(
    b"\r\n\r\n", b"\r\n" + first_field(GOOD) + b"\r\n\r\n", 1), "pass")
case("lower-case-field-name", edit(GOOD, b"DKIM-Signature:", b"dkim-signature:"), "pass")

# Tampering after signing.
case("body-altered", edit(GOOD, b"figures are", b"figures were"), "fail",
     "body hash did not verify")
case("subject-altered", edit(GOOD, b"Subject: Quarterly", b"Subject: Yearly"), "fail",
     "signature did not verify")
case("header-folded-differently-relaxed", edit(GOOD, b"Subject: Quarterly figures",
                                               b"Subject: Quarterly\r\n figures"), "pass")
case("header-folded-differently-simple",
     edit(sign(BASE, canonicalize=(b"simple", b"simple")), b"Subject: Quarterly figures",
          b"Subject: Quarterly\r\n figures"), "fail", "signature did not verify")
case("unsigned-header-added", b"X-Spam: no\r\n" + GOOD, "pass")
case("signature-field-refolded", edit(GOOD, b"; d=", b";\r\n\td="), "pass")

# Several signatures.
case("good-and-bad", sign(edit(GOOD, b"figures are", b"figures were")), "pass,fail",
     "- | body hash did not verify")
case("rsa-and-ed25519", sign(GOOD_ED), "pass,pass")
SIX = BASE
for i in range(6):
    SIX = sign(SIX)
case("six-signatures", SIX, "pass,pass,pass,pass,pass,policy",
     "- | - | - | - | - | not checked: limit of 5 signatures per message reached")

with open("records.txt", "w", encoding="utf-8") as f:
    f.write("# Key records of the hostile-input corpus, written by make-corpus.py.\n")
    for selector, value in RECORDS:
        f.write("%s._domainkey.example.com\t%s\n" % (selector, value))

with open("cases.tsv", "w", encoding="utf-8") as f:
    f.write("# file\texpected results, top to bottom\treason (part of it; | between "
            "signatures; - for none)\n")
    for file, verdicts, reasons in cases:
        f.write("%s\t%s\t%s\n" % (file, verdicts, reasons))

print("%d cases" % len(cases))
