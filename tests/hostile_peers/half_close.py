"""Half-closes every connection at once (shutdown(SHUT_WR)), then keeps reading: a client that
waits for an answer gets EOF."""
import socket
import threading

from _peer import listen

server = listen()


def serve(conn):
    conn.shutdown(socket.SHUT_WR)
    while conn.recv(65536):
        pass
    conn.close()


while True:
    conn, _ = server.accept()
    threading.Thread(target=serve, args=(conn,), daemon=True).start()
