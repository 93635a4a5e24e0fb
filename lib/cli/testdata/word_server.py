"""A TCP server for sockspec's own tests: answers every connection with WORD and a newline.

Usage: word_server.py HOST PORT WORD

WORD is one argument, whatever it holds (spaces, semicolons): the tests check that sockspec
passes a variable to a command as one word.
"""
import socket
import sys

host, port, word = sys.argv[1], int(sys.argv[2]), sys.argv[3]
family = socket.AF_INET6 if ":" in host else socket.AF_INET
with socket.socket(family, socket.SOCK_STREAM) as listener:
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind((host, port))
    listener.listen()
    print("ready", flush=True)
    while True:
        conn, _ = listener.accept()
        with conn:
            conn.sendall(word.encode() + b"\n")
