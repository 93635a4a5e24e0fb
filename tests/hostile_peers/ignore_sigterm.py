"""Ignores SIGTERM, accepts and never answers: only SIGKILL stops it."""
import signal

from _peer import listen

signal.signal(signal.SIGTERM, signal.SIG_IGN)
server = listen()
held = []
while True:
    conn, _ = server.accept()
    held.append(conn)
