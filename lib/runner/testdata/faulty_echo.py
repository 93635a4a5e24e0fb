"""A deliberately faulty echo server for sockspec's own tests.

Usage: faulty_echo.py MODE tcp|udp HOST PORT

Stream modes (the whole stream is read first, altered, then sent back and closed):
  drop       leaves out bytes 1000..1999
  duplicate  repeats bytes 1000..1999 once
  reorder    swaps bytes 1000..1999 with 2000..2999
  corrupt    flips byte 1500
  silent     accepts and never answers
Datagram modes:
  drop       drops datagrams 10, 20, 30, ...
  duplicate  sends datagrams 5, 15, 25, ... twice
  reorder    holds datagram 7 and sends it after datagram 9
  silent     never answers
"""
import socket
import sys


def alter(data: bytes, mode: str) -> bytes:
    if mode == "drop":
        return data[:1000] + data[2000:]
    if mode == "duplicate":
        return data[:2000] + data[1000:2000] + data[2000:]
    if mode == "reorder":
        return data[:1000] + data[2000:3000] + data[1000:2000] + data[3000:]
    if mode == "corrupt":
        return data[:1500] + bytes([data[1500] ^ 0xFF]) + data[1501:]
    return data


def serve_stream(listener: socket.socket, mode: str) -> None:
    while True:
        conn, _ = listener.accept()
        if mode == "silent":
            continue
        chunks = []
        while True:
            chunk = conn.recv(65536)
            if not chunk:
                break
            chunks.append(chunk)
        conn.sendall(alter(b"".join(chunks), mode))
        conn.close()


def serve_datagrams(sock: socket.socket, mode: str) -> None:
    count = 0
    held = None
    while True:
        data, sender = sock.recvfrom(65536)
        count += 1
        if mode == "silent" or (mode == "drop" and count % 10 == 0):
            continue
        if mode == "reorder" and count == 7:
            held = (data, sender)
            continue
        sock.sendto(data, sender)
        if mode == "duplicate" and count % 10 == 5:
            sock.sendto(data, sender)
        if mode == "reorder" and count == 9 and held:
            sock.sendto(*held)


def main() -> None:
    mode, transport, host, port = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    if transport == "tcp":
        listener = socket.socket(family, socket.SOCK_STREAM)
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind((host, port))
        listener.listen()
        print("ready", flush=True)
        serve_stream(listener, mode)
    else:
        sock = socket.socket(family, socket.SOCK_DGRAM)
        sock.bind((host, port))
        print("ready", flush=True)
        serve_datagrams(sock, mode)


if __name__ == "__main__":
    main()
