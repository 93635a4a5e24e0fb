"""Accepts every connection and reads what arrives, but never answers and never closes."""
import threading

from _peer import listen

server = listen()
held = []


def drain(conn):
    while conn.recv(65536):
        pass


while True:
    conn, _ = server.accept()
    held.append(conn)
    threading.Thread(target=drain, args=(conn,), daemon=True).start()
