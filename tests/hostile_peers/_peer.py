"""Shared by the hostile peers: arguments and sockets.

Every script is started as `python3 SCRIPT HOST PORT MARKER`; MARKER only makes the process easy
to find with `pgrep -f` (the tests check that no hostile peer outlives its scenario).
"""
import socket
import sys
import time


def args():
    """Returns (host, port) from the command line."""
    if len(sys.argv) < 3:
        sys.exit(f"usage: {sys.argv[0]} HOST PORT [MARKER]")
    return sys.argv[1], int(sys.argv[2])


def family(host):
    return socket.AF_INET6 if ":" in host else socket.AF_INET


def listen(backlog=16):
    """A TCP listener on HOST:PORT."""
    host, port = args()
    server = socket.socket(family(host), socket.SOCK_STREAM)
    server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    server.bind((host, port))
    server.listen(backlog)
    return server


def bind_udp():
    """A UDP socket bound on HOST:PORT."""
    host, port = args()
    sock = socket.socket(family(host), socket.SOCK_DGRAM)
    sock.bind((host, port))
    return sock


def read_line(conn):
    """Reads up to and including the first newline (or EOF)."""
    data = b""
    while not data.endswith(b"\n"):
        chunk = conn.recv(4096)
        if not chunk:
            break
        data += chunk
    return data


def serve_lines(server, answer, survive=True):
    """Accepts connections one at a time; for each that sends a line, calls answer(conn, line)
    and closes it. Connections that send nothing (sockspec's readiness probe connects and closes
    at once) are skipped. With survive=False, an exception in answer() ends the process."""
    while True:
        conn, _ = server.accept()
        try:
            line = read_line(conn)
            if line:
                answer(conn, line)
        except OSError:
            if not survive:
                raise
        finally:
            conn.close()


def forever():
    while True:
        time.sleep(3600)
