"""A private sshd on a loopback port: own host key, own authorized_keys, no PAM."""

from __future__ import annotations

import getpass
import os
import socket
import subprocess
from dataclasses import dataclass
from pathlib import Path

from tests.tools import missing_system_part, require_tool, until


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


@dataclass
class Sshd:
    process: subprocess.Popen[bytes]
    port: int
    client_key: Path
    known_hosts: Path
    user: str
    log: Path

    def ssh_command(self, remote: str, *, tty: bool = True) -> list[str]:
        return [
            require_tool("ssh"),
            *(["-tt"] if tty else ["-T"]),
            "-p", str(self.port),
            "-i", str(self.client_key),
            "-o", "BatchMode=yes",
            "-o", "IdentitiesOnly=yes",
            "-o", f"UserKnownHostsFile={self.known_hosts}",
            "-o", "StrictHostKeyChecking=yes",
            "-o", "ServerAliveInterval=2",
            "-F", "/dev/null",
            f"{self.user}@127.0.0.1",
            remote,
        ]  # fmt: skip

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def start_sshd(folder: Path) -> Sshd:
    if os.geteuid() != 0:
        # Measured: sshd run by another account accepts the key, then cannot give the
        # session's terminal to group tty and closes the connection.
        missing_system_part(
            "an SSH session with a terminal needs sshd run as root (it hands the terminal "
            "to group tty): run the tests as root, as CI does"
        )
    sshd = require_tool("sshd")
    keygen = require_tool("ssh-keygen")
    require_tool("ssh")
    folder.mkdir(parents=True, exist_ok=True)
    os.chmod(folder, 0o700)
    host_key, client_key = folder / "host_key", folder / "client_key"
    for key in (host_key, client_key):
        subprocess.run([keygen, "-q", "-t", "ed25519", "-N", "", "-f", str(key)], check=True)
    authorized = folder / "authorized_keys"
    authorized.write_text(client_key.with_suffix(".pub").read_text())
    os.chmod(authorized, 0o600)
    port = free_port()
    known_hosts = folder / "known_hosts"
    host_public = host_key.with_suffix(".pub").read_text().split()
    known_hosts.write_text(f"[127.0.0.1]:{port} {host_public[0]} {host_public[1]}\n")
    config = folder / "sshd_config"
    config.write_text(
        "\n".join(
            [
                f"Port {port}",
                "ListenAddress 127.0.0.1",
                f"HostKey {host_key}",
                f"PidFile {folder / 'sshd.pid'}",
                f"AuthorizedKeysFile {authorized}",
                "PubkeyAuthentication yes",
                "PasswordAuthentication no",
                "KbdInteractiveAuthentication no",
                "UsePAM no",
                "StrictModes no",
                "PermitRootLogin prohibit-password",
                "PermitUserEnvironment no",
                "PrintMotd no",
                "PrintLastLog no",
                "Subsystem sftp internal-sftp",
                "ClientAliveInterval 2",
                "ClientAliveCountMax 2",
                "",
            ]
        )
    )
    if os.geteuid() == 0:
        Path("/run/sshd").mkdir(mode=0o755, exist_ok=True)  # privilege separation directory
    log = folder / "sshd.log"
    process = subprocess.Popen(
        [sshd, "-D", "-e", "-f", str(config)], stdout=subprocess.DEVNULL, stderr=log.open("wb")
    )

    def listening() -> bool:
        if process.poll() is not None:
            raise AssertionError(f"sshd stopped: {log.read_text(errors='replace')}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return True
        except OSError:
            return False

    try:
        until(listening, 30, lambda: f"sshd did not listen: {log.read_text(errors='replace')}")
    except AssertionError:
        process.kill()
        raise
    return Sshd(process, port, client_key, known_hosts, getpass.getuser(), log)
