"""Serve Steady to the household's network over HTTPS: `make serve-household`.

Why: `make run` listens on 127.0.0.1 only. To write from a phone, the app must be reachable on
the Wi-Fi, and then passphrases must not cross it in plain text. There is no certificate
authority at home, so Steady makes a self-signed certificate once (kept 0600 next to the
journal, reused after) and prints its SHA-256 fingerprint: the person compares it with what the
phone's browser shows before typing a passphrase. This module never imports Streamlit; it
replaces itself with the `streamlit run` command (os.execv).
"""

from __future__ import annotations

import argparse
import datetime as dt
import ipaddress
import os
import socket
import sys
from collections.abc import Sequence
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from journal import filemodes
from journal.db import db_path

APP = Path(__file__).resolve().parents[2] / "app.py"
DEFAULT_PORT = 8502
CERT_DAYS = 825


def tls_folder(db: Path) -> Path:
    """Where the certificate and key live: a `tls` folder next to the journal file."""
    return Path(db).resolve().parent / "tls"


def lan_addresses() -> list[str]:
    """This machine's IPv4 addresses on the local network (best guess, loopback excluded)."""
    found: list[str] = []
    try:  # the address the default route would use; nothing is sent
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
            probe.connect(("192.0.2.1", 9))
            found.append(probe.getsockname()[0])
    except OSError:
        pass
    try:
        found += socket.gethostbyname_ex(socket.gethostname())[2]
    except OSError:
        pass
    return sorted({a for a in found if not a.startswith("127.")})


def _new_certificate(addresses: Sequence[str]) -> tuple[bytes, bytes]:
    """A self-signed P-256 certificate for localhost and the given addresses (PEM cert, key)."""
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Steady at home")])
    alt: list[x509.GeneralName] = [x509.DNSName("localhost")]
    alt += [x509.IPAddress(ipaddress.ip_address(a)) for a in ["127.0.0.1", *addresses]]
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name).issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=CERT_DAYS))
        .add_extension(x509.SubjectAlternativeName(alt), critical=False)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    key_pem = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    return cert.public_bytes(serialization.Encoding.PEM), key_pem


def ensure_certificate(folder: Path, addresses: Sequence[str]) -> tuple[Path, Path, bool]:
    """The certificate and key paths, made on first use and reused after; True if new."""
    cert_path, key_path = folder / "cert.pem", folder / "key.pem"
    if cert_path.exists() and key_path.exists():
        return cert_path, key_path, False
    filemodes.private_umask()
    filemodes.make_dir(folder)
    cert_pem, key_pem = _new_certificate(addresses)
    filemodes.write_private(key_path, key_pem)
    filemodes.write_private(cert_path, cert_pem)
    return cert_path, key_path, True


def fingerprint(cert_path: Path) -> str:
    """SHA-256 of the certificate (DER), as browsers show it: "AB:CD:…"."""
    cert = x509.load_pem_x509_certificate(Path(cert_path).read_bytes())
    return cert.fingerprint(hashes.SHA256()).hex(":").upper()


def streamlit_argv(port: int, address: str, cert: Path, key: Path) -> list[str]:
    """The `streamlit run` command line that serves app.py over HTTPS."""
    return [
        sys.executable, "-m", "streamlit", "run", str(APP),
        "--server.port", str(port), "--server.address", address,
        "--server.headless", "true", "--browser.gatherUsageStats", "false",
        "--server.sslCertFile", str(cert), "--server.sslKeyFile", str(key),
    ]


def main(argv: Sequence[str] | None = None) -> int:
    """Make or reuse the certificate, print where to connect and what to check, then serve."""
    parser = argparse.ArgumentParser(prog="python -m journal.household")
    parser.add_argument("--port", type=int, default=DEFAULT_PORT)
    parser.add_argument("--address", default="0.0.0.0",
                        help="interface to listen on (default: every interface)")
    args = parser.parse_args(argv)
    addresses = lan_addresses()
    cert, key, made = ensure_certificate(tls_folder(db_path()), addresses)
    shown = addresses if args.address == "0.0.0.0" else [args.address]
    print("Steady is serving your household over HTTPS.")
    print("  " + ("Made a new certificate: " if made else "Using the certificate in ") + str(cert))
    for address in shown or ["127.0.0.1"]:
        print(f"  Open: https://{address}:{args.port}")
    print(f"  Certificate SHA-256 fingerprint: {fingerprint(cert)}")
    print("  Your browser will warn that it doesn't know this certificate. Before you type a")
    print("  passphrase, open the certificate details and check the fingerprint matches.")
    sys.stdout.flush()
    command = streamlit_argv(args.port, args.address, cert, key)
    os.execv(command[0], command)
    return 0  # unreachable


if __name__ == "__main__":
    sys.exit(main())
