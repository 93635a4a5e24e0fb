"""Sends 'x' without end and without a newline, until the client goes away."""
from _peer import listen

server = listen()
chunk = b"x" * 65536
while True:
    conn, _ = server.accept()
    try:
        while True:
            conn.sendall(chunk)
    except OSError:
        conn.close()
