"""A TCP server for sockspec's own tests that crashes on its first request.

Usage: crash_server.py HOST PORT

Connections that send nothing (sockspec's readiness probe) are closed. On the first request it
writes two lines to stderr and exits with code 3 without answering.
"""
import socket
import sys

with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as listener:
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind((sys.argv[1], int(sys.argv[2])))
    listener.listen()
    while True:
        conn, _ = listener.accept()
        if conn.recv(100):
            break
        conn.close()
    sys.stderr.write("handling request\nboom: bad request\n")
    sys.stderr.flush()
    sys.exit(3)
