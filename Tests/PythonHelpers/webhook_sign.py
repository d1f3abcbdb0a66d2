#!/usr/bin/env python3
"""Signs webhook requests the way each provider does, with keys made here (the
`cryptography` package), for the server's webhook tests.

stdin: {"sendgrid": [{"timestamp": "...", "body": "..."}],
        "sns": [{"fields": {...SNS message without its signature...}, "version": "1"|"2"}]}
stdout: {"sendgrid_key": base64 DER public key, "sendgrid": [base64 DER signatures],
         "sns_certificate": PEM, "sns": [complete SNS messages as JSON objects]}

SendGrid: ECDSA P-256 with SHA-256 over timestamp + body (SendGrid docs, "Getting started
with the Event Webhook security features"). SNS: RSA PKCS#1 v1.5 with SHA1 (version 1) or
SHA256 (version 2) over the name/value lines of the fields AWS lists for the message type
("Verifying the signatures of Amazon SNS messages").
"""
import base64
import datetime
import json
import sys

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa
from cryptography.x509.oid import NameOID

NOTIFICATION = ["Message", "MessageId", "Subject", "Timestamp", "TopicArn", "Type"]
CONFIRMATION = ["Message", "MessageId", "SubscribeURL", "Timestamp", "Token", "TopicArn", "Type"]


def main():
    job = json.load(sys.stdin)
    out = {}
    ec_key = ec.generate_private_key(ec.SECP256R1())
    out["sendgrid_key"] = base64.b64encode(ec_key.public_key().public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)).decode()
    out["sendgrid"] = [base64.b64encode(ec_key.sign((r["timestamp"] + r["body"]).encode(), ec.ECDSA(hashes.SHA256()))).decode()
                       for r in job.get("sendgrid", [])]
    rsa_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "sns.us-east-1.amazonaws.com")])
    now = datetime.datetime.now(datetime.timezone.utc)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(rsa_key.public_key())
            .serial_number(x509.random_serial_number()).not_valid_before(now - datetime.timedelta(days=1))
            .not_valid_after(now + datetime.timedelta(days=30)).sign(rsa_key, hashes.SHA256()))
    out["sns_certificate"] = cert.public_bytes(serialization.Encoding.PEM).decode()
    out["sns"] = []
    for item in job.get("sns", []):
        fields = dict(item["fields"])
        keys = NOTIFICATION if fields["Type"] == "Notification" else CONFIRMATION
        text = "".join("%s\n%s\n" % (k, fields[k]) for k in keys if k in fields)
        digest = hashes.SHA1() if item["version"] == "1" else hashes.SHA256()
        fields["SignatureVersion"] = item["version"]
        fields["Signature"] = base64.b64encode(rsa_key.sign(text.encode(), padding.PKCS1v15(), digest)).decode()
        out["sns"].append(fields)
    json.dump(out, sys.stdout)


if __name__ == "__main__":
    main()
